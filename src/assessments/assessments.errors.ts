import { defineErrors } from '../common/domain-error.js';

export const AssessmentErrors = defineErrors({
  ASSESSMENT_NOT_FOUND: { status: 404, title: 'Assessment not found' },
  ASSESSED_ON_IN_FUTURE: { status: 400, title: 'Assessment date in the future' },
  UNKNOWN_LIFE_DOMAIN: { status: 422, title: 'Unknown life domain' },
  MEMBER_NOT_IN_HOUSEHOLD: { status: 422, title: 'Not a member of this household' },
  ASSESSMENTS_NOT_COMPARABLE: { status: 422, title: 'Assessments of different subjects' },
  HOUSEHOLD_CLOSED: { status: 409, title: 'Household is closed' },
});
