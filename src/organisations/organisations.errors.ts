import { defineErrors } from '../common/domain-error.js';

export const OrganisationErrors = defineErrors({
  ORGANISATION_NOT_FOUND: { status: 404, title: 'Organisation not found' },
});
