import { defineErrors } from '../common/domain-error.js';
import type { Text } from '../common/language.js';

export const ApiClientErrors = defineErrors({
  API_CLIENT_NOT_FOUND: { status: 404, title: { nl: 'API-client niet gevonden', en: 'API client not found' } },
  API_CLIENT_REVOKED: { status: 409, title: { nl: 'API-client ingetrokken', en: 'API client revoked' } },
  CLIENTS_DISABLED: { status: 503, title: { nl: 'API-clients voor partners zijn niet ingesteld', en: 'Partner API clients are not configured' } },
});

/**
 * Token endpoint errors (RFC 6749 §5.2). Still problem+json like every error, with the OAuth `error` code as an
 * extension member so OAuth client libraries find it.
 */
export const OAuthErrors = defineErrors({
  INVALID_REQUEST: { status: 400, title: { nl: 'Ongeldig tokenverzoek', en: 'Invalid token request' } },
  INVALID_CLIENT: { status: 401, title: { nl: 'Authenticatie van de client mislukt', en: 'Client authentication failed' } },
  UNAUTHORIZED_CLIENT: { status: 400, title: { nl: 'Client heeft geen recht op dit grant-type', en: 'Client not allowed this grant' } },
  UNSUPPORTED_GRANT_TYPE: { status: 400, title: { nl: 'Niet-ondersteund grant-type', en: 'Unsupported grant type' } },
  INVALID_SCOPE: { status: 400, title: { nl: 'Ongeldige scope', en: 'Invalid scope' } },
});

export type OAuthErrorCode = keyof typeof OAuthErrors.codes;

/** `error_description` stays English: RFC 6749 §5.2 allows only ASCII there, and OAuth libraries show it as is. */
export const oauthError = (code: OAuthErrorCode, detail: Text) =>
  OAuthErrors.create(code, detail, { error: code.toLowerCase(), error_description: detail.en });
