import { constraintErrors } from '../common/database-errors.js';
import { defineErrors } from '../common/domain-error.js';

export const ProfessionalErrors = defineErrors({
  PROFESSIONAL_NOT_FOUND: { status: 404, title: { nl: 'Professional niet gevonden', en: 'Professional not found' } },
  AUTH_SUBJECT_TAKEN: { status: 409, title: { nl: 'Identiteit al gekoppeld', en: 'Identity already linked' } },
  PROFESSIONAL_EMAIL_TAKEN: { status: 409, title: { nl: 'E-mailadres al in gebruik', en: 'E-mail address already in use' } },
});

/** Constraints of this module whose violation (a race past the service's own check) has an answer of its own. */
export const ProfessionalConstraintErrors = constraintErrors(ProfessionalErrors, {
  uq_professional_tenant_email: { code: 'PROFESSIONAL_EMAIL_TAKEN', detail: { nl: 'Een andere professional van deze gemeente heeft dit e-mailadres.', en: 'Another professional of this municipality has this e-mail address.' } },
});
