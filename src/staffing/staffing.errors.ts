import { defineErrors } from '../common/domain-error.js';

export const StaffingErrors = defineErrors({
  STILL_COORDINATING: { status: 409, title: 'Still coordinates households' },
  HANDOVER_NOT_NEEDED: { status: 422, title: 'Hand-over for a household they do not coordinate' },
  REASON_REQUIRED: { status: 400, title: 'Reason required' },
  SELF_LOCKOUT: { status: 409, title: 'Would lock yourself out' },
});
