import type { Role } from '../../../src/common/roles.js';
import type { RouteRule } from './rules.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One API route (as the app registers it, without the /api/v1 prefix) and the rule it follows. */
export interface CatalogueEntry {
  method: HttpMethod;
  path: string;
  access: RouteRule;
}

const roles = (...list: Role[]) => list;
const household = (rule: Extract<RouteRule, { scope: 'household' }>['rule'], extra: { roles?: readonly Role[]; clientScope?: string } = {}): RouteRule => ({ scope: 'household', rule, ...extra });
const anyone = (extra: { roles?: readonly Role[]; clientScope?: string } = {}): RouteRule => ({ scope: 'subject', subject: { kind: 'none' }, rule: 'anyone', ...extra });
const tenantResource = (extra: { roles?: readonly Role[]; clientScope?: string } = {}): RouteRule => ({ scope: 'subject', subject: { kind: 'tenant' }, rule: 'tenant', ...extra });
const signal = (rule: 'signalRead' | 'signalAcknowledge', extra: { roles?: readonly Role[]; clientScope?: string } = {}): RouteRule => ({
  scope: 'subject',
  subject: { kind: 'signal', organisation: 'partner', householdCoordinator: 'coordinator' },
  rule,
  ...extra,
});

/** The partner organisation's webhooks (admins; an API client only for its own organisation). */
const webhooks: RouteRule = { scope: 'subject', subject: { kind: 'organisation', organisation: 'partner' }, rule: 'organisationWebhooks', roles: ['admin'], clientScope: 'webhooks:manage' };

/**
 * Routes open without a bearer token, outside the matrix: the OAuth2 token endpoint authenticates clients itself;
 * the OpenAPI document (when API_DOCS is on) is public like /docs-json.
 */
export const PUBLIC_ROUTES: readonly string[] = ['POST /oauth/token', 'GET /openapi.json'];

/**
 * Every /api/v1 route. The matrix test fails when the running app registers a route that is not here, or when
 * an entry here is not registered — so a new route cannot escape the matrix.
 */
export const CATALOGUE: readonly CatalogueEntry[] = [
  // households and members
  { method: 'POST', path: '/households', access: anyone({ roles: roles('coordinator', 'supervisor') }) },
  { method: 'GET', path: '/households', access: anyone({ clientScope: 'households:read' }) },
  { method: 'GET', path: '/households/:householdId', access: household('read', { clientScope: 'households:read' }) },
  { method: 'PATCH', path: '/households/:householdId', access: household('caseManager') },
  { method: 'POST', path: '/households/:householdId/status', access: household('caseManager') },
  { method: 'POST', path: '/households/:householdId/close', access: household('caseManager') },
  { method: 'POST', path: '/households/:householdId/reopen', access: household('read', { roles: roles('supervisor', 'coordinator') }) },
  { method: 'POST', path: '/households/:householdId/members', access: household('caseManager') },
  { method: 'PATCH', path: '/households/:householdId/members/:memberId', access: household('caseManager') },
  { method: 'DELETE', path: '/households/:householdId/members/:memberId', access: household('caseManager') },
  { method: 'GET', path: '/households/:householdId/members/:memberId/bsn', access: household('bsn') },
  { method: 'GET', path: '/households/:householdId/audit', access: household('audit', { roles: roles('supervisor', 'privacy_officer') }) },
  { method: 'GET', path: '/households/:householdId/access-report', access: household('audit', { roles: roles('supervisor', 'privacy_officer') }) },
  { method: 'GET', path: '/audit/verify', access: anyone({ roles: roles('admin', 'privacy_officer') }) },
  { method: 'POST', path: '/audit/verify', access: anyone({ roles: roles('admin', 'privacy_officer') }) },
  { method: 'GET', path: '/audit/checkpoints', access: anyone({ roles: roles('admin', 'privacy_officer') }) },
  // coordinator
  { method: 'PUT', path: '/households/:householdId/coordinator', access: household('assignCoordinator') },
  { method: 'GET', path: '/households/:householdId/coordinator/history', access: household('read') },
  { method: 'GET', path: '/households/:householdId/coordination', access: household('read') },
  { method: 'POST', path: '/households/:householdId/coordination/step-down', access: household('caseManager') },
  { method: 'POST', path: '/households/:householdId/coordination/handovers', access: household('caseManager') },
  // only the coordinator a hand-over is proposed to may answer it; to everyone else it does not exist
  { method: 'POST', path: '/coordination/handovers/:handoverId/accept', access: { scope: 'subject', subject: { kind: 'ownedBy', person: 'coordinator' }, rule: 'owner' } },
  { method: 'POST', path: '/coordination/handovers/:handoverId/decline', access: { scope: 'subject', subject: { kind: 'ownedBy', person: 'coordinator' }, rule: 'owner' } },
  // care team and consents
  { method: 'POST', path: '/households/:householdId/care-team', access: household('caseManager') },
  { method: 'GET', path: '/households/:householdId/care-team', access: household('read', { clientScope: 'households:read' }) },
  { method: 'DELETE', path: '/households/:householdId/care-team/:linkId', access: household('caseManager') },
  { method: 'PUT', path: '/households/:householdId/care-team/:linkId/scope', access: household('caseManager') },
  { method: 'POST', path: '/households/:householdId/consents', access: household('caseManager') },
  { method: 'GET', path: '/households/:householdId/consents', access: household('read', { clientScope: 'households:read' }) },
  { method: 'POST', path: '/households/:householdId/consents/:consentId/withdraw', access: household('caseManager') },
  // plan
  { method: 'POST', path: '/households/:householdId/plan', access: household('caseManager') },
  { method: 'GET', path: '/households/:householdId/plan', access: household('read', { clientScope: 'plan:read' }) },
  { method: 'PATCH', path: '/households/:householdId/plan', access: household('caseManager') },
  { method: 'POST', path: '/households/:householdId/plan/goals', access: household('caseManager') },
  { method: 'PATCH', path: '/households/:householdId/plan/goals/:goalId', access: household('caseManager') },
  { method: 'POST', path: '/households/:householdId/plan/goals/:goalId/actions', access: household('caseManager') },
  { method: 'PATCH', path: '/households/:householdId/plan/actions/:actionId', access: household('actionOwner', { clientScope: 'plan:write' }) },
  { method: 'GET', path: '/households/:householdId/plan/revisions', access: household('read', { clientScope: 'plan:read' }) },
  { method: 'GET', path: '/households/:householdId/plan/revisions/:number', access: household('read', { clientScope: 'plan:read' }) },
  // case work
  { method: 'POST', path: '/households/:householdId/assessments', access: household('caseWorker') },
  { method: 'GET', path: '/households/:householdId/assessments', access: household('read') },
  { method: 'GET', path: '/households/:householdId/assessments/compare', access: household('read') },
  { method: 'GET', path: '/households/:householdId/assessments/:assessmentId', access: household('read') },
  { method: 'POST', path: '/households/:householdId/contacts', access: household('caseWorker') },
  { method: 'GET', path: '/households/:householdId/contacts', access: household('read') },
  { method: 'GET', path: '/households/:householdId/contacts/:contactId', access: household('read') },
  { method: 'GET', path: '/households/:householdId/timeline', access: household('read') },
  // escalations
  { method: 'POST', path: '/households/:householdId/escalations', access: household('caseManager') },
  { method: 'GET', path: '/households/:householdId/escalations', access: household('read') },
  { method: 'GET', path: '/escalations/:escalationId', access: household('read') },
  { method: 'POST', path: '/escalations/:escalationId/resolve', access: household('caseManager') },
  // supervision
  { method: 'GET', path: '/supervision/stalled', access: anyone({ roles: roles('supervisor', 'coordinator') }) },
  { method: 'POST', path: '/supervision/stalled/evaluate', access: anyone({ roles: roles('supervisor') }) },
  { method: 'POST', path: '/supervision/stalled/:householdId/snoozes', access: household('read', { roles: roles('supervisor') }) },
  { method: 'GET', path: '/supervision/stalled/:householdId/snoozes', access: household('read', { roles: roles('supervisor') }) },
  { method: 'GET', path: '/supervision/stalled/:householdId/snoozes/:snoozeId', access: household('read', { roles: roles('supervisor') }) },
  { method: 'GET', path: '/supervision/caseload', access: anyone({ roles: roles('supervisor') }) },
  { method: 'POST', path: '/supervision/caseload/:coordinatorId/handover', access: tenantResource({ roles: roles('supervisor') }) },
  { method: 'GET', path: '/supervision/outcomes', access: anyone({ roles: roles('supervisor') }) },
  { method: 'GET', path: '/supervision/outcomes/domains', access: anyone({ roles: roles('supervisor') }) },
  { method: 'GET', path: '/supervision/rules', access: anyone({ roles: roles('supervisor', 'admin') }) },
  { method: 'PUT', path: '/supervision/rules/:rule', access: anyone({ roles: roles('admin') }) },
  // signals
  { method: 'POST', path: '/signals', access: anyone({ roles: roles('professional', 'coordinator', 'supervisor'), clientScope: 'signals:write' }) },
  { method: 'GET', path: '/signals', access: anyone({ roles: roles('professional', 'coordinator', 'supervisor') }) },
  { method: 'GET', path: '/signals/:signalId', access: signal('signalRead', { roles: roles('professional', 'coordinator', 'supervisor') }) },
  { method: 'POST', path: '/signals/:signalId/acknowledge', access: signal('signalAcknowledge', { roles: roles('coordinator', 'supervisor') }) },
  // intake items: the intake team's coordinators (every coordinator here is in the intake team) and supervisors
  { method: 'GET', path: '/signals/intake-items', access: anyone({ roles: roles('coordinator', 'supervisor') }) },
  { method: 'POST', path: '/signals/intake-items/:intakeItemId/close', access: tenantResource({ roles: roles('coordinator', 'supervisor') }) },
  // directory
  { method: 'POST', path: '/organisations', access: anyone({ roles: roles('admin') }) },
  { method: 'GET', path: '/organisations', access: anyone() },
  { method: 'GET', path: '/organisations/:organisationId', access: tenantResource() },
  { method: 'POST', path: '/professionals', access: anyone({ roles: roles('admin') }) },
  { method: 'GET', path: '/professionals', access: anyone() },
  { method: 'GET', path: '/professionals/:professionalId', access: tenantResource() },
  { method: 'GET', path: '/life-domains', access: anyone() },
  // people admin
  { method: 'POST', path: '/professionals/:professionalId/deactivate', access: tenantResource({ roles: roles('admin') }) },
  { method: 'POST', path: '/professionals/:professionalId/reactivate', access: tenantResource({ roles: roles('admin') }) },
  { method: 'PATCH', path: '/professionals/:professionalId', access: tenantResource({ roles: roles('admin') }) },
  { method: 'PUT', path: '/life-domains', access: anyone({ roles: roles('admin') }) },
  // webhooks of an organisation
  { method: 'POST', path: '/organisations/:organisationId/webhooks', access: webhooks },
  { method: 'GET', path: '/organisations/:organisationId/webhooks', access: webhooks },
  { method: 'PATCH', path: '/organisations/:organisationId/webhooks/:hookId', access: webhooks },
  { method: 'POST', path: '/organisations/:organisationId/webhooks/:hookId/rotate-secret', access: webhooks },
  { method: 'DELETE', path: '/organisations/:organisationId/webhooks/:hookId', access: webhooks },
  { method: 'GET', path: '/organisations/:organisationId/webhooks/:hookId/deliveries', access: webhooks },
  { method: 'POST', path: '/organisations/:organisationId/webhooks/:hookId/deliveries/:deliveryId/redeliver', access: webhooks },
  // partner API clients of an organisation
  { method: 'POST', path: '/organisations/:organisationId/api-clients', access: tenantResource({ roles: roles('admin') }) },
  { method: 'GET', path: '/organisations/:organisationId/api-clients', access: tenantResource({ roles: roles('admin') }) },
  { method: 'GET', path: '/organisations/:organisationId/api-clients/:clientId', access: tenantResource({ roles: roles('admin') }) },
  { method: 'POST', path: '/organisations/:organisationId/api-clients/:clientId/rotate-secret', access: tenantResource({ roles: roles('admin') }) },
  { method: 'POST', path: '/organisations/:organisationId/api-clients/:clientId/revoke', access: tenantResource({ roles: roles('admin') }) },
  // own inbox
  { method: 'GET', path: '/me/notifications', access: anyone() },
  { method: 'POST', path: '/me/notifications/read-all', access: anyone() },
  { method: 'POST', path: '/me/notifications/:notificationId/read', access: { scope: 'subject', subject: { kind: 'ownedBy', person: 'coordinator' }, rule: 'owner' } },
  { method: 'GET', path: '/me/notification-preferences', access: anyone() },
  { method: 'PUT', path: '/me/notification-preferences', access: anyone() },
  // break-the-glass (emergency access): taken by professionals and coordinators, known only to its holder, reviewed by the privacy officer
  { method: 'POST', path: '/households/:householdId/emergency-access', access: household('breakGlass', { roles: roles('professional', 'coordinator') }) },
  { method: 'GET', path: '/households/:householdId/emergency-access/:grantId', access: { scope: 'subject', subject: { kind: 'ownedBy', person: 'emergencyHolder' }, rule: 'owner', roles: roles('professional', 'coordinator') } },
  { method: 'POST', path: '/households/:householdId/emergency-access/:grantId/end', access: { scope: 'subject', subject: { kind: 'ownedBy', person: 'emergencyHolder' }, rule: 'owner', roles: roles('professional', 'coordinator') } },
  // the grants on a household with their reasons: its coordinator and supervisors (the announcement carries ids only)
  { method: 'GET', path: '/households/:householdId/emergency-accesses', access: household('caseManager', { roles: roles('coordinator', 'supervisor') }) },
  { method: 'GET', path: '/privacy/emergency-accesses', access: anyone({ roles: roles('privacy_officer') }) },
  { method: 'POST', path: '/privacy/emergency-accesses/:grantId/review', access: tenantResource({ roles: roles('privacy_officer') }) },
  { method: 'GET', path: '/privacy/emergency-access-policy', access: anyone({ roles: roles('privacy_officer') }) },
  { method: 'PUT', path: '/privacy/emergency-access-policy', access: anyone({ roles: roles('privacy_officer') }) },
  // AVG art. 17/18 requests: the privacy officer records, executes and lifts; a second privacy officer or a supervisor decides
  { method: 'POST', path: '/privacy/requests', access: anyone({ roles: roles('privacy_officer') }) },
  { method: 'GET', path: '/privacy/requests', access: anyone({ roles: roles('privacy_officer', 'supervisor') }) },
  { method: 'GET', path: '/privacy/requests/:requestId', access: tenantResource({ roles: roles('privacy_officer', 'supervisor') }) },
  { method: 'GET', path: '/privacy/requests/:requestId/preview', access: tenantResource({ roles: roles('privacy_officer', 'supervisor') }) },
  { method: 'POST', path: '/privacy/requests/:requestId/approve', access: tenantResource({ roles: roles('privacy_officer', 'supervisor') }) },
  { method: 'POST', path: '/privacy/requests/:requestId/reject', access: tenantResource({ roles: roles('privacy_officer', 'supervisor') }) },
  { method: 'POST', path: '/privacy/requests/:requestId/execute', access: tenantResource({ roles: roles('privacy_officer') }) },
  { method: 'POST', path: '/privacy/requests/:requestId/lift', access: tenantResource({ roles: roles('privacy_officer') }) },
  { method: 'GET', path: '/privacy/requests/:requestId/report', access: tenantResource({ roles: roles('privacy_officer', 'supervisor') }) },
  // operations
  { method: 'GET', path: '/admin/dead-letters', access: anyone({ roles: roles('admin') }) },
  { method: 'POST', path: '/admin/dead-letters/:deadLetterId/retry', access: anyone({ roles: roles('admin') }) },
  // retention and legal holds: the privacy officer
  { method: 'GET', path: '/privacy/retention/schedule', access: anyone({ roles: roles('privacy_officer') }) },
  { method: 'PUT', path: '/privacy/retention/schedule/:category', access: anyone({ roles: roles('privacy_officer') }) },
  { method: 'GET', path: '/privacy/retention/runs', access: anyone({ roles: roles('privacy_officer') }) },
  { method: 'POST', path: '/households/:householdId/legal-holds', access: household('audit', { roles: roles('privacy_officer') }) },
  { method: 'GET', path: '/households/:householdId/legal-holds', access: household('audit', { roles: roles('privacy_officer') }) },
  { method: 'POST', path: '/households/:householdId/legal-holds/:holdId/lift', access: household('audit', { roles: roles('privacy_officer') }) },
];

export const routeKey = (e: { method: string; path: string }) => `${e.method} ${e.path}`;
