import { defineErrors } from '../common/domain-error.js';

export const AccessErrors = defineErrors({
  HOUSEHOLD_NOT_FOUND: { status: 404, title: 'Household not found' },
  NOT_ALLOWED_FOR_HOUSEHOLD: { status: 403, title: 'Not allowed for this household' },
});

export const householdNotFound = (id: string) =>
  AccessErrors.create('HOUSEHOLD_NOT_FOUND', `No household with id ${id} exists, or you are not involved with it.`);
