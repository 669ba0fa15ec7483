import { defineErrors } from '../common/domain-error.js';

export const EscalationErrors = defineErrors({
  ESCALATION_NOT_FOUND: { status: 404, title: 'Escalation not found' },
  ESCALATION_ALREADY_OPEN: { status: 409, title: 'An escalation is already open' },
  ESCALATION_ALREADY_RESOLVED: { status: 409, title: 'Escalation already resolved' },
  HOUSEHOLD_CLOSED: { status: 409, title: 'Household is closed' },
});
