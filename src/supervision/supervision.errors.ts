import { defineErrors } from '../common/domain-error.js';

export const SupervisionErrors = defineErrors({
  RULE_NOT_FOUND: { status: 404, title: 'Unknown stall rule' },
  EVALUATION_RUNNING: { status: 409, title: 'An evaluation is already running' },
  HOUSEHOLD_CLOSED: { status: 409, title: 'Household is closed' },
  SNOOZE_NOT_FOUND: { status: 404, title: 'Snooze not found' },
  INVALID_SNOOZE_END: { status: 400, title: 'Invalid snooze end date' },
  NOT_OWN_CASELOAD: { status: 403, title: 'Only your own caseload' },
  COORDINATOR_NOT_FOUND: { status: 404, title: 'Coordinator not found' },
  NOT_A_COORDINATOR: { status: 422, title: 'Not a coordinator' },
  SAME_COORDINATOR: { status: 422, title: 'Hand-over to the same coordinator' },
  NOT_IN_CASELOAD: { status: 409, title: 'Household not in this caseload' },
  NOTHING_TO_HAND_OVER: { status: 409, title: 'Nothing to hand over' },
  INVALID_PERIOD: { status: 400, title: 'Invalid period' },
});
