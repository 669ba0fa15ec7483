import { defineErrors } from '../common/domain-error.js';

export const ContactErrors = defineErrors({
  CONTACT_NOT_FOUND: { status: 404, title: 'Contact moment not found' },
  OCCURRED_AT_IN_FUTURE: { status: 400, title: 'Contact moment in the future' },
  MEMBER_NOT_IN_HOUSEHOLD: { status: 422, title: 'Not a member of this household' },
  HOUSEHOLD_CLOSED: { status: 409, title: 'Household is closed' },
});
