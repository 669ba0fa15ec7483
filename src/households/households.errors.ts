import { defineErrors } from '../common/domain-error.js';

export const HouseholdErrors = defineErrors({
  MEMBER_NOT_FOUND: { status: 404, title: 'Member not found' },
  BSN_NOT_ON_RECORD: { status: 404, title: 'No BSN on record' },
  BSN_NOT_FOR_YOU: { status: 403, title: 'BSN only for the coordinator' },
  NOTHING_TO_CHANGE: { status: 400, title: 'Nothing to change' },
  INVALID_STATUS_TRANSITION: { status: 409, title: 'Status change not possible' },
  HOUSEHOLD_CLOSED: { status: 409, title: 'Household is closed' },
  HOUSEHOLD_NOT_CLOSED: { status: 409, title: 'Household is not closed' },
});
