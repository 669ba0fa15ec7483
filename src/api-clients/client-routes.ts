import type { ApiClientScope } from './api-client-scopes.js';

/**
 * The one list of routes a partner API client may call, each with the scope it needs ("METHOD /path" with the
 * controllers' parameter names, without the /api/v1 prefix). The auth guard refuses every other route to a
 * client with 403, so a new route is closed to clients until it is added here. Household-level rules still
 * apply in the services: a client sees what its organisation's care-team links allow and is never a coordinator
 * or supervisor, so writes reserved to those are refused there.
 *
 * - households:read — the households its organisation is linked to, with members, care team and consents
 *   (the legal basis its organisation works on).
 * - plan:read — the plan and its history.
 * - plan:write — reporting progress on actions its organisation owns (status only), the one plan write a linked
 *   non-coordinator may do; every other plan write is the coordinator's.
 * - signals:write — registering a signal (as its organisation).
 * - webhooks:manage — the webhook subscriptions of its own organisation (any other organisation → 404).
 */
export const CLIENT_ROUTES: Readonly<Record<string, ApiClientScope>> = {
  'GET /households': 'households:read',
  'GET /households/:householdId': 'households:read',
  'GET /households/:householdId/care-team': 'households:read',
  'GET /households/:householdId/consents': 'households:read',
  'GET /households/:householdId/plan': 'plan:read',
  'GET /households/:householdId/plan/revisions': 'plan:read',
  'GET /households/:householdId/plan/revisions/:number': 'plan:read',
  'PATCH /households/:householdId/plan/actions/:actionId': 'plan:write',
  'POST /signals': 'signals:write',
  'POST /organisations/:organisationId/webhooks': 'webhooks:manage',
  'GET /organisations/:organisationId/webhooks': 'webhooks:manage',
  'PATCH /organisations/:organisationId/webhooks/:hookId': 'webhooks:manage',
  'POST /organisations/:organisationId/webhooks/:hookId/rotate-secret': 'webhooks:manage',
  'DELETE /organisations/:organisationId/webhooks/:hookId': 'webhooks:manage',
  'GET /organisations/:organisationId/webhooks/:hookId/deliveries': 'webhooks:manage',
  'POST /organisations/:organisationId/webhooks/:hookId/deliveries/:deliveryId/redeliver': 'webhooks:manage',
};

/** "GET /households/:householdId" from a controller path and a handler path (either may be empty or slashed). */
export function routeKey(method: string, ...paths: string[]): string {
  const path = paths
    .flatMap((p) => p.split('/'))
    .filter((segment) => segment !== '')
    .join('/');
  return `${method.toUpperCase()} /${path}`;
}

export const requiredClientScope = (key: string): ApiClientScope | undefined => CLIENT_ROUTES[key];
