import { defineErrors } from '../common/domain-error.js';

export const PlanErrors = defineErrors({
  PLAN_NOT_FOUND: { status: 404, title: 'No plan yet' },
  PLAN_ALREADY_EXISTS: { status: 409, title: 'This household already has a plan' },
  GOAL_NOT_FOUND: { status: 404, title: 'Goal not found' },
  ACTION_NOT_FOUND: { status: 404, title: 'Action not found' },
  REVISION_NOT_FOUND: { status: 404, title: 'Revision not found' },
  UNKNOWN_LIFE_DOMAIN: { status: 422, title: 'Unknown life domain' },
  UNKNOWN_ACTION_OWNER: { status: 422, title: 'Unknown action owner' },
  UNKNOWN_LIST_ENTRY: { status: 422, title: 'Unknown list entry' },
  HOUSEHOLD_CLOSED: { status: 409, title: 'Household is closed' },
  NOTHING_TO_CHANGE: { status: 400, title: 'Nothing to change' },
  ONLY_STATUS_FOR_OWNER: { status: 403, title: 'Only the status may be changed' },
});
