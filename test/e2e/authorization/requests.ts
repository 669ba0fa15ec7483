import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { dateIn } from '../support/days.js';
import type { ActorSpec } from './model.js';
import type { World, WorldHousehold } from './world.js';

export interface CellRequest {
  path: string;
  body?: object;
  headers?: Record<string, string>;
}

export interface CellContext {
  world: World;
  actor: ActorSpec;
  /** For household routes: the household of the cell (a fresh one for `fresh` routes). */
  household: WorldHousehold;
}

/**
 * How to call a route so that a caller who is allowed passes validation and reaches — and passes — the access
 * decision, without changing who may see or do what for later cells: writes send a stale If-Match (412 after the
 * check), repeat an idempotent change, or act on a sub-resource made for the cell.
 */
export interface RequestBuilder {
  build(ctx: CellContext): CellRequest | Promise<CellRequest>;
  /** An allowed call changes access facts (closes, reopens, assigns): each allowed cell gets a fresh household. */
  fresh?: boolean;
  /** 404 codes that, for this request, mean "passed the access check, the addressed item does not exist" (ids we cannot make in a test). */
  passedNotFoundCodes?: readonly string[];
}

const STALE = { 'If-Match': '"0"' };
const h = (ctx: CellContext) => `/households/${ctx.household.id}`;
const unique = () => randomUUID().slice(0, 8);

/**
 * A fresh erasure request about the own household, recorded by the privacy officer: approving it (a supervisor), or
 * anything its step does not allow yet (execute, lift, report → 409; the recorder approving it → 409 four eyes),
 * passes the access check without touching what later cells see.
 */
async function freshPrivacyRequest(ctx: CellContext): Promise<string> {
  const res = await request(ctx.world.t.http)
    .post('/api/v1/privacy/requests')
    .set('Authorization', `Bearer ${ctx.world.people.privacyOfficer.token}`)
    .send({ kind: 'erasure', householdId: ctx.world.households.own.id, reason: 'Verzoek van de burger' });
  if (res.status !== 201) throw new Error(`privacy request: ${res.status} ${res.text}`);
  return (res.body as { id: string }).id;
}

const privacyRequest = (action: string, method: 'GET' | 'POST' = 'POST', body?: object): RequestBuilder => ({
  build: async (ctx) => ({ path: `/privacy/requests/${await freshPrivacyRequest(ctx)}${action}`, ...(method === 'POST' && { body: body ?? {} }) }),
});

export const REQUESTS: Record<string, RequestBuilder> = {
  'POST /privacy/requests': { build: (ctx) => ({ path: '/privacy/requests', body: { kind: 'erasure', householdId: ctx.world.households.own.id, reason: 'Verzoek van de burger' } }) },
  'GET /privacy/requests': { build: () => ({ path: '/privacy/requests' }) },
  'GET /privacy/requests/:requestId': privacyRequest('', 'GET'),
  'GET /privacy/requests/:requestId/preview': privacyRequest('/preview', 'GET'),
  'POST /privacy/requests/:requestId/approve': privacyRequest('/approve'),
  'POST /privacy/requests/:requestId/reject': privacyRequest('/reject', 'POST', { reason: 'Bewaarplicht' }),
  'POST /privacy/requests/:requestId/execute': privacyRequest('/execute'),
  'POST /privacy/requests/:requestId/lift': privacyRequest('/lift', 'POST', { reason: 'Opgeheven' }),
  'GET /privacy/requests/:requestId/report': privacyRequest('/report', 'GET'),
  'POST /households': {
    build: () => ({
      path: '/households',
      body: { postcode: '9999 ZZ', houseNumber: 1, district: 'Matrixwijk', registrationReason: 'Aanmelding', riskLevel: 'low' },
    }),
  },
  'GET /households': { build: () => ({ path: '/households' }) },
  'GET /households/:householdId': { build: (ctx) => ({ path: h(ctx) }) },
  'PATCH /households/:householdId': { build: (ctx) => ({ path: h(ctx), body: { riskLevel: 'high' }, headers: STALE }) },
  // moving to the status it has changes nothing; a closed household answers 409
  'POST /households/:householdId/status': { build: (ctx) => ({ path: `${h(ctx)}/status`, body: { status: 'active' } }) },
  'POST /households/:householdId/close': { fresh: true, build: (ctx) => ({ path: `${h(ctx)}/close`, body: { reason: 'Afgerond' } }) },
  'POST /households/:householdId/reopen': { fresh: true, build: (ctx) => ({ path: `${h(ctx)}/reopen`, body: { reason: 'Nieuwe zorgen' } }) },
  'POST /households/:householdId/members': {
    build: (ctx) => ({ path: `${h(ctx)}/members`, body: { givenName: 'Extra', familyName: 'Lid', dateOfBirth: '2000-01-01', role: 'other' } }),
  },
  'PATCH /households/:householdId/members/:memberId': {
    build: (ctx) => ({ path: `${h(ctx)}/members/${ctx.household.memberIds[1]}`, body: { role: 'child' } }),
  },
  'DELETE /households/:householdId/members/:memberId': {
    build: async (ctx) => ({ path: `${h(ctx)}/members/${await ctx.world.freshMember(ctx.household)}` }),
  },
  'GET /households/:householdId/members/:memberId/bsn': { build: (ctx) => ({ path: `${h(ctx)}/members/${ctx.household.bsnMemberId}/bsn` }) },
  'GET /households/:householdId/audit': { build: (ctx) => ({ path: `${h(ctx)}/audit` }) },
  'GET /households/:householdId/access-report': { build: (ctx) => ({ path: `${h(ctx)}/access-report?lang=en` }) },
  'GET /audit/verify': { build: () => ({ path: '/audit/verify' }) },
  'POST /audit/verify': { build: () => ({ path: '/audit/verify', body: { checkpoints: [] } }) },
  'GET /audit/checkpoints': { build: () => ({ path: '/audit/checkpoints' }) },
  'PUT /households/:householdId/coordinator': {
    fresh: true,
    // a coordinator takes the household for themselves (or hands over to themselves: no change); others assign a coordinator of the tenant
    build: (ctx) => {
      const people = ctx.world.people;
      const self = ctx.actor.person && ctx.actor.roles.includes('coordinator') ? people[ctx.actor.person] : undefined;
      const target = self ?? (ctx.household.spec.tenant === 'home' ? people.unlinkedCoordinator : people.otherCoordinator);
      return { path: `${h(ctx)}/coordinator`, body: { professionalId: target.id, reason: 'Overdracht' } };
    },
  },
  'GET /households/:householdId/coordinator/history': { build: (ctx) => ({ path: `${h(ctx)}/coordinator/history` }) },
  'GET /households/:householdId/coordination': { build: (ctx) => ({ path: `${h(ctx)}/coordination` }) },
  'POST /households/:householdId/coordination/step-down': { fresh: true, build: (ctx) => ({ path: `${h(ctx)}/coordination/step-down`, body: { reason: 'Afwezig' } }) },
  'POST /households/:householdId/coordination/handovers': {
    fresh: true,
    build: (ctx) => {
      const people = ctx.world.people;
      return { path: `${h(ctx)}/coordination/handovers`, body: { toProfessionalId: (ctx.household.spec.tenant === 'home' ? people.unlinkedCoordinator : people.otherCoordinator).id, reason: 'Overdracht' } };
    },
  },
  'POST /coordination/handovers/:handoverId/accept': { build: async (ctx) => ({ path: `/coordination/handovers/${await ctx.world.freshHandover()}/accept` }) },
  'POST /coordination/handovers/:handoverId/decline': { build: async (ctx) => ({ path: `/coordination/handovers/${await ctx.world.freshHandover()}/decline`, body: { reason: 'Vol' } }) },
  'POST /households/:householdId/care-team': {
    build: (ctx) => ({
      path: `${h(ctx)}/care-team`,
      body: { organisationId: ctx.household.spec.tenant === 'home' ? ctx.world.organisations.bystander : ctx.world.organisations.otherTeam, role: 'woonbegeleiding', basis: 'legal_obligation' },
    }),
  },
  'GET /households/:householdId/care-team': { build: (ctx) => ({ path: `${h(ctx)}/care-team?includeEnded=true` }) },
  'DELETE /households/:householdId/care-team/:linkId': { build: async (ctx) => ({ path: `${h(ctx)}/care-team/${await ctx.world.freshLink(ctx.household)}` }) },
  // an empty scope covers everything: the cell's own link keeps what it had
  'PUT /households/:householdId/care-team/:linkId/scope': { build: async (ctx) => ({ path: `${h(ctx)}/care-team/${await ctx.world.freshLink(ctx.household)}/scope`, body: {} }) },
  'POST /households/:householdId/consents': {
    build: (ctx) => ({
      path: `${h(ctx)}/consents`,
      body: { organisationId: ctx.household.spec.tenant === 'home' ? ctx.world.organisations.bystander : ctx.world.organisations.otherTeam, purpose: 'Woonbegeleiding', basis: 'consent' },
    }),
  },
  'GET /households/:householdId/consents': { build: (ctx) => ({ path: `${h(ctx)}/consents` }) },
  'POST /households/:householdId/consents/:consentId/withdraw': {
    build: async (ctx) => ({ path: `${h(ctx)}/consents/${await ctx.world.freshConsent(ctx.household)}/withdraw`, body: { reason: 'Ingetrokken' } }),
  },
  // every household has its plan: a second create is 409
  'POST /households/:householdId/plan': { build: (ctx) => ({ path: `${h(ctx)}/plan`, body: { familyWishes: 'Rust' } }) },
  'GET /households/:householdId/plan': { build: (ctx) => ({ path: `${h(ctx)}/plan` }) },
  'PATCH /households/:householdId/plan': { build: (ctx) => ({ path: `${h(ctx)}/plan`, body: { familyStrengths: 'Humor' }, headers: STALE }) },
  'POST /households/:householdId/plan/goals': {
    build: (ctx) => ({ path: `${h(ctx)}/plan/goals`, body: { domainCode: ctx.world.lifeDomain, title: 'Nieuw doel' }, headers: STALE }),
  },
  'PATCH /households/:householdId/plan/goals/:goalId': { build: (ctx) => ({ path: `${h(ctx)}/plan/goals/${ctx.household.goalId}`, body: { title: 'Ander doel' }, headers: STALE }) },
  'POST /households/:householdId/plan/goals/:goalId/actions': {
    build: (ctx) => ({
      path: `${h(ctx)}/plan/goals/${ctx.household.goalId}/actions`,
      body: { description: 'Nieuwe actie', owner: { type: 'member', id: ctx.household.memberIds[0] } },
      headers: STALE,
    }),
  },
  // the status only: what the action's owner may change (an API client asks about its organisation's action)
  'PATCH /households/:householdId/plan/actions/:actionId': {
    build: (ctx) => ({
      path: `${h(ctx)}/plan/actions/${ctx.actor.kind === 'client' && ctx.household.clientActionId ? ctx.household.clientActionId : ctx.household.actionId}`,
      body: { status: 'in_progress' },
      headers: STALE,
    }),
  },
  'GET /households/:householdId/plan/revisions': { build: (ctx) => ({ path: `${h(ctx)}/plan/revisions` }) },
  'GET /households/:householdId/plan/revisions/:number': { build: (ctx) => ({ path: `${h(ctx)}/plan/revisions/1` }) },
  'POST /households/:householdId/assessments': {
    build: (ctx) => ({ path: `${h(ctx)}/assessments`, body: { assessedOn: dateIn(0), scores: [{ domainCode: ctx.world.lifeDomain, score: 4 }] } }),
  },
  'GET /households/:householdId/assessments': { build: (ctx) => ({ path: `${h(ctx)}/assessments` }) },
  'GET /households/:householdId/assessments/compare': {
    build: (ctx) => ({ path: `${h(ctx)}/assessments/compare?from=${ctx.household.assessmentIds[0]}&to=${ctx.household.assessmentIds[1]}` }),
  },
  'GET /households/:householdId/assessments/:assessmentId': { build: (ctx) => ({ path: `${h(ctx)}/assessments/${ctx.household.assessmentIds[0]}` }) },
  'POST /households/:householdId/contacts': {
    build: (ctx) => ({ path: `${h(ctx)}/contacts`, body: { kind: 'call', occurredAt: new Date(Date.now() - 60_000).toISOString(), note: 'Telefonisch contact' } }),
  },
  'GET /households/:householdId/contacts': { build: (ctx) => ({ path: `${h(ctx)}/contacts` }) },
  'GET /households/:householdId/contacts/:contactId': { build: (ctx) => ({ path: `${h(ctx)}/contacts/${ctx.household.contactId}` }) },
  'GET /households/:householdId/timeline': { build: (ctx) => ({ path: `${h(ctx)}/timeline` }) },
  // one escalation is open (or was resolved by an earlier allowed cell): 409 or a new one, both past the check
  'POST /households/:householdId/escalations': { build: (ctx) => ({ path: `${h(ctx)}/escalations`, body: { reason: 'Opschalen' } }) },
  'GET /households/:householdId/escalations': { build: (ctx) => ({ path: `${h(ctx)}/escalations` }) },
  'GET /escalations/:escalationId': { build: (ctx) => ({ path: `/escalations/${ctx.household.escalationId}` }) },
  'POST /escalations/:escalationId/resolve': { build: (ctx) => ({ path: `/escalations/${ctx.household.escalationId}/resolve`, body: { outcome: 'Opgelost' } }) },
  'GET /supervision/stalled': { build: () => ({ path: '/supervision/stalled' }) },
  'POST /supervision/stalled/evaluate': { build: () => ({ path: '/supervision/stalled/evaluate' }) },
  'POST /supervision/stalled/:householdId/snoozes': {
    build: (ctx) => ({ path: `/supervision/stalled/${ctx.household.id}/snoozes`, body: { rule: 'NO_CONTACT', until: dateIn(3), reason: 'Vakantie' } }),
  },
  'GET /supervision/stalled/:householdId/snoozes': { build: (ctx) => ({ path: `/supervision/stalled/${ctx.household.id}/snoozes` }) },
  'GET /supervision/stalled/:householdId/snoozes/:snoozeId': { build: (ctx) => ({ path: `/supervision/stalled/${ctx.household.id}/snoozes/${ctx.household.snoozeId}` }) },
  'GET /supervision/caseload': { build: () => ({ path: '/supervision/caseload' }) },
  // to the same coordinator: 422 after the role check, nothing moves
  'POST /supervision/caseload/:coordinatorId/handover': {
    build: (ctx) => {
      const id = ctx.world.people.unlinkedCoordinator.id;
      return { path: `/supervision/caseload/${id}/handover`, body: { toCoordinatorId: id, reason: 'Herverdeling' } };
    },
  },
  'GET /supervision/outcomes': { build: () => ({ path: '/supervision/outcomes' }) },
  'GET /supervision/outcomes/domains': { build: () => ({ path: '/supervision/outcomes/domains' }) },
  'GET /supervision/rules': { build: () => ({ path: '/supervision/rules' }) },
  'PUT /supervision/rules/:rule': { build: () => ({ path: '/supervision/rules/NO_CONTACT', body: { thresholdDays: 30, enabled: true } }) },
  'POST /signals': {
    build: () => ({ path: '/signals', body: { postcode: '9999 ZZ', houseNumber: 99, dateOfBirth: '1990-01-01', category: 'debt', severity: 'low', note: 'Zorg' } }),
  },
  'GET /signals': { build: () => ({ path: '/signals' }) },
  'GET /signals/:signalId': { build: (ctx) => ({ path: `/signals/${ctx.world.signalId}` }) },
  'POST /signals/:signalId/acknowledge': { build: (ctx) => ({ path: `/signals/${ctx.world.signalId}/acknowledge` }) },
  'GET /signals/intake-items': { build: () => ({ path: '/signals/intake-items' }) },
  // the first allowed caller closes it, later ones get 409: both past the access check
  'POST /signals/intake-items/:intakeItemId/close': { build: (ctx) => ({ path: `/signals/intake-items/${ctx.world.intakeItemId}/close`, body: { outcome: 'handled' } }) },
  'POST /organisations': { build: () => ({ path: '/organisations', body: { name: `Organisatie ${unique()}`, kind: 'welfare' } }) },
  'GET /organisations': { build: () => ({ path: '/organisations' }) },
  'GET /organisations/:organisationId': { build: (ctx) => ({ path: `/organisations/${ctx.world.organisations.partner}` }) },
  'POST /professionals': {
    build: (ctx) => ({
      path: '/professionals',
      body: { organisationId: ctx.world.organisations.welfare, name: 'Nieuwe Collega', email: `collega.${unique()}@example.nl`, roles: ['professional'] },
    }),
  },
  'GET /professionals': { build: () => ({ path: '/professionals' }) },
  'GET /professionals/:professionalId': { build: (ctx) => ({ path: `/professionals/${ctx.world.people.linked.id}` }) },
  'GET /life-domains': { build: () => ({ path: '/life-domains' }) },
  // the own household's coordinator still coordinates it: 409 after the check, nobody is deactivated
  'POST /professionals/:professionalId/deactivate': { build: (ctx) => ({ path: `/professionals/${ctx.world.people.coordinator.id}/deactivate`, body: { reason: 'Uit dienst' } }) },
  // reactivating an active professional, or giving the roles they have, changes nothing
  'POST /professionals/:professionalId/reactivate': { build: (ctx) => ({ path: `/professionals/${ctx.world.people.linked.id}/reactivate` }) },
  'PATCH /professionals/:professionalId': { build: (ctx) => ({ path: `/professionals/${ctx.world.people.linked.id}`, body: { roles: ['professional'] } }) },
  'PUT /life-domains': { build: () => ({ path: '/life-domains', body: { domains: [{ code: 'finances', labelNl: 'Financiën', labelEn: 'Finances' }] }, headers: STALE }) },
  'POST /organisations/:organisationId/webhooks': {
    build: (ctx) => ({ path: `/organisations/${ctx.world.organisations.partner}/webhooks`, body: { url: `https://hooks.example.org/${unique()}`, eventTypes: ['*'] } }),
  },
  'GET /organisations/:organisationId/webhooks': { build: (ctx) => ({ path: `/organisations/${ctx.world.organisations.partner}/webhooks` }) },
  'PATCH /organisations/:organisationId/webhooks/:hookId': {
    build: (ctx) => ({ path: `/organisations/${ctx.world.organisations.partner}/webhooks/${ctx.world.webhookId}`, body: { enabled: true } }),
  },
  'POST /organisations/:organisationId/webhooks/:hookId/rotate-secret': {
    // rotating changes the secret only, not who may do what: the shared webhook serves every cell
    build: (ctx) => ({ path: `/organisations/${ctx.world.organisations.partner}/webhooks/${ctx.world.webhookId}/rotate-secret` }),
  },
  'DELETE /organisations/:organisationId/webhooks/:hookId': {
    build: async (ctx) => ({ path: `/organisations/${ctx.world.organisations.partner}/webhooks/${await ctx.world.freshWebhook()}` }),
  },
  'GET /organisations/:organisationId/webhooks/:hookId/deliveries': {
    build: (ctx) => ({ path: `/organisations/${ctx.world.organisations.partner}/webhooks/${ctx.world.webhookId}/deliveries` }),
  },
  'POST /organisations/:organisationId/webhooks/:hookId/deliveries/:deliveryId/redeliver': {
    passedNotFoundCodes: ['DELIVERY_NOT_FOUND'],
    build: (ctx) => ({ path: `/organisations/${ctx.world.organisations.partner}/webhooks/${ctx.world.webhookId}/deliveries/${randomUUID()}/redeliver` }),
  },
  'POST /organisations/:organisationId/api-clients': {
    build: (ctx) => ({ path: `/organisations/${ctx.world.organisations.partner}/api-clients`, body: { name: `Koppeling ${unique()}`, scopes: ['households:read'] } }),
  },
  'GET /organisations/:organisationId/api-clients': { build: (ctx) => ({ path: `/organisations/${ctx.world.organisations.partner}/api-clients` }) },
  'GET /organisations/:organisationId/api-clients/:clientId': {
    build: (ctx) => ({ path: `/organisations/${ctx.world.organisations.partner}/api-clients/${ctx.world.apiClientId}` }),
  },
  'POST /organisations/:organisationId/api-clients/:clientId/rotate-secret': {
    build: async (ctx) => ({ path: `/organisations/${ctx.world.organisations.partner}/api-clients/${await ctx.world.freshApiClient()}/rotate-secret` }),
  },
  'POST /organisations/:organisationId/api-clients/:clientId/revoke': {
    build: async (ctx) => ({ path: `/organisations/${ctx.world.organisations.partner}/api-clients/${await ctx.world.freshApiClient()}/revoke` }),
  },
  'GET /me/notifications': { build: () => ({ path: '/me/notifications' }) },
  'POST /me/notifications/read-all': { build: () => ({ path: '/me/notifications/read-all' }) },
  'POST /me/notifications/:notificationId/read': { build: (ctx) => ({ path: `/me/notifications/${ctx.world.notificationId}/read` }) },
  'GET /me/notification-preferences': { build: () => ({ path: '/me/notification-preferences' }) },
  'PUT /me/notification-preferences': { build: () => ({ path: '/me/notification-preferences', body: { emailEnabled: false, language: 'nl' } }) },
  'POST /households/:householdId/emergency-access': { fresh: true, build: (ctx) => ({ path: `${h(ctx)}/emergency-access`, body: { reason: 'Crisismelding: direct inzicht in het netwerk nodig' } }) },
  'GET /households/:householdId/emergency-access/:grantId': {
    build: (ctx) => ({ path: `/households/${ctx.world.households.own.id}/emergency-access/${ctx.world.households.own.emergencyGrantId!}` }),
  },
  'POST /households/:householdId/emergency-access/:grantId/end': {
    build: async (ctx) => {
      const grant = await ctx.world.freshEmergencyGrant();
      return { path: `/households/${grant.householdId}/emergency-access/${grant.grantId}/end` };
    },
  },
  'GET /households/:householdId/emergency-accesses': { build: (ctx) => ({ path: `${h(ctx)}/emergency-accesses` }) },
  'GET /privacy/emergency-accesses': { build: () => ({ path: '/privacy/emergency-accesses?unreviewed=true' }) },
  'POST /privacy/emergency-accesses/:grantId/review': {
    build: (ctx) => ({ path: `/privacy/emergency-accesses/${ctx.world.households.own.emergencyGrantId!}/review`, body: { outcome: 'justified', note: 'Spoed was terecht' } }),
  },
  'GET /privacy/emergency-access-policy': { build: () => ({ path: '/privacy/emergency-access-policy' }) },
  'PUT /privacy/emergency-access-policy': { build: () => ({ path: '/privacy/emergency-access-policy', body: { durationMinutes: 240 } }) },
  'GET /admin/dead-letters': { build: () => ({ path: '/admin/dead-letters' }) },
  'POST /admin/dead-letters/:deadLetterId/retry': { passedNotFoundCodes: ['DEAD_LETTER_NOT_FOUND'], build: () => ({ path: `/admin/dead-letters/${randomUUID()}/retry` }) },
  'GET /privacy/retention/schedule': { build: () => ({ path: '/privacy/retention/schedule' }) },
  // a stale If-Match: 412 after the role check, nothing changed
  'PUT /privacy/retention/schedule/:category': { build: () => ({ path: '/privacy/retention/schedule/case_file', body: { amount: 7, unit: 'years' }, headers: STALE }) },
  'GET /privacy/retention/runs': { build: () => ({ path: '/privacy/retention/runs' }) },
  // placing a hold changes nothing anyone may see or do; holds only stop purges
  'POST /households/:householdId/legal-holds': { build: (ctx) => ({ path: `${h(ctx)}/legal-holds`, body: { reason: 'Bezwaarprocedure' } }) },
  'GET /households/:householdId/legal-holds': { build: (ctx) => ({ path: `${h(ctx)}/legal-holds` }) },
  'POST /households/:householdId/legal-holds/:holdId/lift': {
    passedNotFoundCodes: ['LEGAL_HOLD_NOT_FOUND'],
    build: (ctx) => ({ path: `${h(ctx)}/legal-holds/${randomUUID()}/lift`, body: { reason: 'Afgerond' } }),
  },
};
