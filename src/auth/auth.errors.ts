import { defineErrors } from '../common/domain-error.js';

export const AuthErrors = defineErrors({
  TOKEN_MISSING: { status: 401, title: 'Authentication required' },
  TOKEN_INVALID: { status: 401, title: 'Invalid token' },
  TOKEN_EXPIRED: { status: 401, title: 'Token expired' },
  UNKNOWN_SUBJECT: { status: 401, title: 'Unknown user' },
  ROLE_REQUIRED: { status: 403, title: 'Not allowed for your role' },
  /** A partner API client on a route that is not in the client allowlist. */
  NOT_AVAILABLE_TO_CLIENTS: { status: 403, title: 'Not available to API clients' },
  /** A partner API client whose token lacks the scope the route needs. */
  INSUFFICIENT_SCOPE: { status: 403, title: 'Insufficient scope' },
});
