import { defineErrors } from '../common/domain-error.js';

export const CoordinationErrors = defineErrors({
  NOT_A_COORDINATOR: { status: 422, title: 'Not a coordinator' },
  HOUSEHOLD_CLOSED: { status: 409, title: 'Household is closed' },
  COORDINATION_CHANGED: { status: 409, title: 'Coordination changed' },
  NOT_ALLOWED_TO_ASSIGN: { status: 403, title: 'Not allowed to assign the coordinator' },
});
