import { defineErrors } from '../common/domain-error.js';

export const StaffingErrors = defineErrors({
  STILL_COORDINATING: { status: 409, title: { nl: 'Voert nog regie over huishoudens', en: 'Still coordinates households' } },
  HANDOVER_NOT_NEEDED: { status: 422, title: { nl: 'Overdracht van een huishouden waarover deze persoon geen regie voert', en: 'Hand-over for a household they do not coordinate' } },
  REASON_REQUIRED: { status: 422, title: { nl: 'Reden verplicht', en: 'Reason required' } },
  SELF_LOCKOUT: { status: 409, title: { nl: 'U zou uzelf buitensluiten', en: 'Would lock yourself out' } },
  SELF_GRANT: { status: 403, title: { nl: 'Geen rollen aan uzelf toekennen', en: 'No roles for yourself' } },
});
