import { defineErrors } from '../common/domain-error.js';

export const ApiClientErrors = defineErrors({
  API_CLIENT_NOT_FOUND: { status: 404, title: 'API client not found' },
  API_CLIENT_REVOKED: { status: 409, title: 'API client revoked' },
  CLIENTS_DISABLED: { status: 503, title: 'Partner API clients are not configured' },
});

/**
 * Token endpoint errors (RFC 6749 §5.2). Still problem+json like every error, with the OAuth `error` code as an
 * extension member so OAuth client libraries find it.
 */
export const OAuthErrors = defineErrors({
  INVALID_REQUEST: { status: 400, title: 'Invalid token request' },
  INVALID_CLIENT: { status: 401, title: 'Client authentication failed' },
  UNAUTHORIZED_CLIENT: { status: 400, title: 'Client not allowed this grant' },
  UNSUPPORTED_GRANT_TYPE: { status: 400, title: 'Unsupported grant type' },
  INVALID_SCOPE: { status: 400, title: 'Invalid scope' },
});

export type OAuthErrorCode = keyof typeof OAuthErrors.codes;

export const oauthError = (code: OAuthErrorCode, detail: string) =>
  OAuthErrors.create(code, detail, { error: code.toLowerCase(), error_description: detail });
