import { defineErrors } from '../common/domain-error.js';

export const ConsentErrors = defineErrors({
  CONSENT_NOT_FOUND: { status: 404, title: 'Consent not found' },
  CONSENT_ALREADY_WITHDRAWN: { status: 409, title: 'Consent already withdrawn' },
  CONSENT_NOT_USABLE: { status: 422, title: 'Consent cannot carry this link' },
  UNKNOWN_ORGANISATION: { status: 422, title: 'Unknown organisation' },
  UNKNOWN_MEMBER: { status: 422, title: 'Unknown member' },
  INVALID_PERIOD: { status: 400, title: 'Invalid period' },
});
