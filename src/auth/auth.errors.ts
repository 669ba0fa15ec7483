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
  /** A platform operator on a municipality's API: operators run the service and never see case data. */
  NOT_AVAILABLE_TO_OPERATORS: { status: 403, title: 'Not available to platform operators' },
  /** Anyone but a platform operator on the operators' tools (the queue dashboard). */
  OPERATORS_ONLY: { status: 403, title: 'Platform operators only' },
  /** A write on the queue dashboard that could forge or rewrite job payloads. */
  DASHBOARD_ACTION_DISABLED: { status: 403, title: 'Not available on the queue dashboard' },
  /** The operations log could not record an operator's action, so the action was not carried out. */
  OPERATIONS_LOG_UNAVAILABLE: { status: 503, title: 'Operations log unavailable' },
});
