import { defineErrors } from '../common/domain-error.js';

export const CareTeamErrors = defineErrors({
  LINK_NOT_FOUND: { status: 404, title: 'Care-team link not found' },
  LINK_ALREADY_ENDED: { status: 409, title: 'Link already ended' },
  PROFESSIONAL_NOT_IN_ORGANISATION: { status: 422, title: 'Professional does not work for this organisation' },
  ORGANISATION_UNKNOWN: { status: 422, title: 'Unknown organisation' },
  HOUSEHOLD_CLOSED: { status: 409, title: 'Household is closed' },
  INVALID_PERIOD: { status: 400, title: 'Invalid period' },
  CONSENT_REQUIRED: { status: 422, title: 'A recorded consent is required' },
});
