import { defineErrors } from '../common/domain-error.js';

export const CoordinationErrors = defineErrors({
  NOT_A_COORDINATOR: { status: 422, title: 'Not a coordinator' },
  HOUSEHOLD_CLOSED: { status: 409, title: 'Household is closed' },
  NOT_ASSIGNED: { status: 409, title: 'No coordinator' },
  HANDOVER_PENDING: { status: 409, title: 'Hand-over pending' },
  HANDOVER_DECIDED: { status: 409, title: 'Hand-over already decided' },
  HANDOVER_NOT_FOUND: { status: 404, title: 'Hand-over not found' },
  COORDINATION_CHANGED: { status: 409, title: 'Coordination changed' },
  NOT_ALLOWED_TO_ASSIGN: { status: 403, title: 'Not allowed to assign the coordinator' },
});
