import { defineErrors } from '../common/domain-error.js';

export const AuthErrors = defineErrors({
  TOKEN_MISSING: { status: 401, title: { nl: 'Aanmelden vereist', en: 'Authentication required' } },
  TOKEN_INVALID: { status: 401, title: { nl: 'Ongeldig token', en: 'Invalid token' } },
  TOKEN_EXPIRED: { status: 401, title: { nl: 'Token verlopen', en: 'Token expired' } },
  UNKNOWN_SUBJECT: { status: 401, title: { nl: 'Onbekende gebruiker', en: 'Unknown user' } },
  ROLE_REQUIRED: { status: 403, title: { nl: 'Niet toegestaan voor uw rol', en: 'Not allowed for your role' } },
  /** A partner API client on a route that is not in the client allowlist. */
  NOT_AVAILABLE_TO_CLIENTS: { status: 403, title: { nl: 'Niet beschikbaar voor API-clients', en: 'Not available to API clients' } },
  /** A partner API client whose token lacks the scope the route needs. */
  INSUFFICIENT_SCOPE: { status: 403, title: { nl: 'Onvoldoende scope', en: 'Insufficient scope' } },
  /** A platform operator on a municipality's API: operators run the service and never see case data. */
  NOT_AVAILABLE_TO_OPERATORS: { status: 403, title: { nl: 'Niet beschikbaar voor platformbeheerders', en: 'Not available to platform operators' } },
  /** Anyone but a platform operator on the operators' tools (the queue dashboard). */
  OPERATORS_ONLY: { status: 403, title: { nl: 'Alleen voor platformbeheerders', en: 'Platform operators only' } },
  /** A write on the queue dashboard that could forge or rewrite job payloads. */
  DASHBOARD_ACTION_DISABLED: { status: 403, title: { nl: 'Niet beschikbaar in het wachtrijdashboard', en: 'Not available on the queue dashboard' } },
  /** The operations log could not record an operator's action, so the action was not carried out. */
  OPERATIONS_LOG_UNAVAILABLE: { status: 503, title: { nl: 'Beheerlogboek niet beschikbaar', en: 'Operations log unavailable' } },
});
