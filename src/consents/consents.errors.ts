import { defineErrors } from '../common/domain-error.js';

export const ConsentErrors = defineErrors({
  CONSENT_NOT_FOUND: { status: 404, title: { nl: 'Toestemming niet gevonden', en: 'Consent not found' } },
  CONSENT_ALREADY_WITHDRAWN: { status: 409, title: { nl: 'Toestemming al ingetrokken', en: 'Consent already withdrawn' } },
  CONSENT_NOT_USABLE: { status: 422, title: { nl: 'Toestemming dekt deze koppeling niet', en: 'Consent cannot carry this link' } },
  UNKNOWN_ORGANISATION: { status: 422, title: { nl: 'Onbekende organisatie', en: 'Unknown organisation' } },
  UNKNOWN_MEMBER: { status: 422, title: { nl: 'Onbekend gezinslid', en: 'Unknown member' } },
});
