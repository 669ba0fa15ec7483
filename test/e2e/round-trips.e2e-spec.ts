import { jest } from '@jest/globals';
import request from 'supertest';
import { PrincipalCache } from '../../src/auth/principal-cache.js';
import { DatabaseNotifications } from '../../src/database/database-notifications.js';
import { PlansRepository } from '../../src/plans/plans.repository.js';
import { bearer, createProfessional, createTenantFixture, startTestApp, systemDb, type TenantFixture, type TestApp, type UserFixture } from './harness/index.js';
import { partnerCase } from './support/partner-case.js';
import { COUNT_HEADER, RoundTripCounter } from './support/round-trips.js';
import { waitFor } from './support/wait.js';

/**
 * Issue 11 item 4: an audited read of one household or of its plan costs at most four round trips to PostgreSQL
 * (principal lookup included when it is not cached; the audit event is written in the same transaction). Counted
 * inside the app's process by wrapping node-postgres (see support/round-trips.ts).
 */

const MAX_ROUND_TRIPS = 4;

let t: TestApp;
let f: TenantFixture;
let counter: RoundTripCounter;
let householdId: string;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  ({ householdId } = await partnerCase(t, f));
  counter = new RoundTripCounter(t.http);
});

afterAll(async () => {
  counter?.restore();
  await t?.close();
});

const auditEventsOf = async (requestId: string) =>
  systemDb(t.app).query<Array<{ action: string; resource_type: string; legal_basis: string; household_id: string }>>(
    'SELECT action, resource_type, legal_basis, household_id FROM audit_event WHERE request_id = $1',
    [requestId],
  );

/** The request as `who`, counted; the queries it sent and the answer. */
async function counted(path: string, who: UserFixture, label: string) {
  const tag = counter.tag(label);
  const res = await request(t.http).get(path).set(bearer(who)).set(COUNT_HEADER, tag);
  const queries = counter.queries(tag);
  if (process.env.ROUND_TRIPS_LOG) process.stderr.write(`\n${label}: ${queries.length} round trips\n${queries.map((q, i) => `  ${i + 1}. ${q.slice(0, 400)}`).join('\n')}\n`);
  return { res, queries, names: counter.statementNames(tag) };
}

describe.each([
  ['household read as its coordinator', () => `/api/v1/households/${householdId}`, () => f.coordinator, 'household', 'coordinator'],
  ['plan read as its coordinator', () => `/api/v1/households/${householdId}/plan`, () => f.coordinator, 'plan', 'coordinator'],
  ['plan read as a linked partner professional', () => `/api/v1/households/${householdId}/plan`, () => f.partner, 'plan', 'care_team_consent'],
])('%s', (label, path, who, resource, basis) => {
  it(`costs at most ${MAX_ROUND_TRIPS} round trips with the principal looked up, and is audited in them`, async () => {
    // as after any change to a principal: the cache is empty, so this request pays for the lookup
    t.app.get(PrincipalCache).changing();
    const { res, queries } = await counted(path(), who(), `${label} (principal not cached)`);
    expect(res.status).toBe(200);
    expect(queries.length).toBeLessThanOrEqual(MAX_ROUND_TRIPS);
    expect(queries.filter((q) => /FROM "professional"/.test(q))).toHaveLength(1);
    expect(await auditEventsOf(res.headers['x-request-id'] as string)).toEqual([{ action: 'read', resource_type: resource, legal_basis: basis, household_id: householdId }]);
  });

  it('costs two once the principal is cached: the read carrying BEGIN with the tenant, the audit INSERT with COMMIT', async () => {
    await waitFor('the principal cache to listen', async () => t.app.get(DatabaseNotifications).listening, 10_000, 20);
    await counted(path(), who(), `${label} (warm-up)`);
    const { res, queries, names } = await counted(path(), who(), `${label} (principal cached)`);
    expect(res.status).toBe(200);
    expect(queries).toHaveLength(2);
    // the audit INSERT is prepared once per connection, not parsed and planned on every request
    expect(names[1]).toBe('audit_insert_1');
    expect(queries[0]).toMatch(new RegExp(`^BEGIN\\(${f.tenantId}\\) \\+ SELECT `));
    expect(queries[1]).toMatch(/^INSERT INTO audit_event \(.*\) \+ COMMIT$/);
    expect(await auditEventsOf(res.headers['x-request-id'] as string)).toEqual([{ action: 'read', resource_type: resource, legal_basis: basis, household_id: householdId }]);
  });
});

describe('a household the caller may not see', () => {
  it('answers 404 and records the denial, still without a round trip per check', async () => {
    const outsider = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.partnerOrganisationId, roles: ['professional'] });
    const { res, queries } = await counted(`/api/v1/households/${householdId}/plan`, outsider, 'plan read by an outsider');
    expect(res.status).toBe(404);
    // principal, the read carrying BEGIN with the tenant, ROLLBACK; then the denial: BEGIN with the tenant, the
    // INSERT and COMMIT in one message
    expect(queries.length).toBeLessThanOrEqual(4);
    expect(queries.at(-1)).toMatch(new RegExp(`^BEGIN\\(${f.tenantId}\\) \\+ INSERT INTO audit_event \\(.*\\) \\+ COMMIT$`));
    expect(await auditEventsOf(res.headers['x-request-id'] as string)).toEqual([{ action: 'deny', resource_type: 'plan', legal_basis: 'none', household_id: householdId }]);
  });
});

/**
 * Issue 11, the plan change: `PATCH …/plan/actions/{id}` with If-Match, principal cached. Before: 20 round trips as the
 * household's coordinator and 27 as the action's owner (the access checks one query each, the plan read twice before
 * and five statements again after the write, version gate, action, revision, outbox and audit each on their own).
 * Stop 22: three. Now two, whoever changes it: one read (household, access and basis, accountable coordinator, the
 * whole plan) carrying BEGIN with the tenant in its message; one write (version gate, action, revision, events as
 * data-modifying CTEs), which reads no answer (a plan that moved on raises 412), travelling with the audit INSERT and
 * COMMIT. A new owner of another kind adds the one lookup that proves the owner exists.
 */
const MAX_PLAN_CHANGE_ROUND_TRIPS = 2;

describe('a conditional change of a plan action', () => {
  let planId: string;
  let actionId: string;
  let etag: string;

  beforeAll(async () => {
    const plan = await request(t.http).get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
    planId = plan.body.id as string;
    const goal = await request(t.http).post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', plan.headers.etag as string).send({ domainCode: 'parenting', title: 'Vaste routines' });
    const action = await request(t.http)
      .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
      .set(bearer(f.coordinator))
      .set('If-Match', goal.headers.etag as string)
      .send({ description: 'Opvoedondersteuning', owner: { type: 'professional', id: f.partner.id } });
    expect(action.status).toBe(201);
    actionId = action.body.id as string;
    etag = action.headers.etag as string;
  });

  async function patched(who: UserFixture, body: object, label: string) {
    const tag = counter.tag(label);
    const res = await request(t.http).patch(`/api/v1/households/${householdId}/plan/actions/${actionId}`).set(bearer(who)).set('If-Match', etag).set(COUNT_HEADER, tag).send(body);
    const all = counter.queries(tag);
    if (process.env.ROUND_TRIPS_LOG) process.stderr.write(`\n${label}: ${all.length} round trips\n${all.map((q, i) => `  ${i + 1}. ${q.slice(0, 400)}`).join('\n')}\n`);
    // the relays' wake-up after the commit (OutboxWakeUp): outside the transaction, not waited for by the answer, and
    // coalesced across requests (under load far fewer than one per change); it may or may not have been sent yet
    const isWakeUp = (q: string) => q === "SELECT pg_notify('outbox_event', '')";
    const names = counter.statementNames(tag);
    return { res, queries: all.filter((q) => !isWakeUp(q)), names: names.filter((_, i) => !isWakeUp(all[i]!)), wakeUps: all.filter(isWakeUp) };
  }

  const lastEventId = async () => (await systemDb(t.app).query<Array<{ id: string }>>('SELECT coalesce(max(id), 0)::text AS id FROM outbox_event'))[0]!.id;
  /** What the change wrote besides the action: revisions with this number, and the household's events after `since`. */
  const written = async (version: number, since: string) => {
    const [row] = await systemDb(t.app).query<Array<{ revisions: number; events: string[] }>>(
      `SELECT (SELECT count(*)::int FROM plan_revision WHERE plan_id = $1 AND number = $2) AS revisions,
              (SELECT coalesce(array_agg(type::text ORDER BY id), '{}') FROM outbox_event WHERE household_id = $3 AND id > $4) AS events`,
      [planId, version, householdId, since],
    );
    return row!;
  };

  it.each([
    ['its coordinator changes the description', () => f.coordinator, { description: 'Opvoedondersteuning, wekelijks' }, ['plan.updated'], 'coordinator'],
    ["the action's owner (a partner) completes it", () => f.partner, { status: 'done' }, ['plan.updated', 'action.completed'], 'care_team_consent'],
  ])(`%s: at most ${MAX_PLAN_CHANGE_ROUND_TRIPS} round trips with the principal cached, the revision, events and audit in them`, async (label, who, body, events, basis) => {
    await waitFor('the principal cache to listen', async () => t.app.get(DatabaseNotifications).listening, 10_000, 20);
    await request(t.http).get(`/api/v1/households/${householdId}`).set(bearer(who()));
    const version = Number(etag.replace(/"/g, '')) + 1;
    const since = await lastEventId();
    const { res, queries, names, wakeUps } = await patched(who(), body, `plan change: ${label} (principal cached)`);
    expect(res.status).toBe(200);
    expect(wakeUps.length).toBeLessThanOrEqual(1);
    // the write goes as a named statement: parsed and planned once per connection and shape, not on every change;
    // so does the audit INSERT in the same message
    expect(names.at(-1)).toMatch(/^plan_change_[0-9a-f]{16} \+ audit_insert_1$/);
    expect(res.headers.etag).toBe(`"${version}"`);
    etag = res.headers.etag as string;
    expect(queries.length).toBeLessThanOrEqual(MAX_PLAN_CHANGE_ROUND_TRIPS);
    expect(queries[0]).toMatch(new RegExp(`^BEGIN\\(${f.tenantId}\\) \\+ SELECT `));
    expect(queries.at(-1)).toMatch(/^WITH gate AS \(UPDATE plan .* \+ INSERT INTO audit_event \(.*\) \+ COMMIT$/);
    expect(await written(version, since)).toEqual({ revisions: 1, events });
    const audit = await auditEventsOf(res.headers['x-request-id'] as string);
    expect(audit).toEqual([{ action: 'update', resource_type: 'action', legal_basis: basis, household_id: householdId }]);
  });

  it('a stale ETag is 412 and sends no write', async () => {
    const { res, queries } = await (async () => {
      const tag = counter.tag('plan change with a stale ETag');
      const res = await request(t.http).patch(`/api/v1/households/${householdId}/plan/actions/${actionId}`).set(bearer(f.coordinator)).set('If-Match', '"1"').set(COUNT_HEADER, tag).send({ description: 'Te laat' });
      return { res, queries: counter.queries(tag) };
    })();
    expect(res.status).toBe(412);
    expect(queries.filter((q) => /(^|\+ )(WITH gate|UPDATE|INSERT INTO (plan_revision|outbox_event))/.test(q))).toEqual([]);
  });

  it('a plan that moves on between the read and the write: 412 with its version now, and nothing of the change written', async () => {
    const plans = t.app.get(PlansRepository);
    const db = systemDb(t.app);
    const before = (await db.query<Array<{ version: number }>>('SELECT version FROM plan WHERE id = $1', [planId]))[0]!.version;
    const original = plans.findVisibleAggregateForChange.bind(plans);
    // someone else's change commits right after this request read the plan (and its version) and before its write
    const raced = jest.spyOn(plans, 'findVisibleAggregateForChange').mockImplementationOnce(async (...args) => {
      const found = await original(...args);
      await db.query('UPDATE plan SET version = version + 5 WHERE id = $1', [planId]);
      return found;
    });
    const since = await lastEventId();
    const res = await request(t.http).patch(`/api/v1/households/${householdId}/plan/actions/${actionId}`).set(bearer(f.coordinator)).set('If-Match', `"${before}"`).send({ description: 'Ingehaald' });
    raced.mockRestore();
    expect(res.status).toBe(412);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'PRECONDITION_FAILED', currentVersion: before + 5 });
    expect(await written(before + 1, since)).toEqual({ revisions: 0, events: [] });
    expect(await auditEventsOf(res.headers['x-request-id'] as string)).toEqual([]);
    const [action] = await db.query<Array<{ description: string }>>('SELECT description FROM plan_action WHERE id = $1', [actionId]);
    expect(action!.description).not.toBe('Ingehaald');
    etag = `"${before + 5}"`;
  });
});
