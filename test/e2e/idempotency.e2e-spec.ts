import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import request from 'supertest';
import { RESPONSE_CARRIES_SECRET_KEY } from '../../src/idempotency/idempotency.decorators.js';
import { MaintenanceScheduler } from '../../src/scheduler/maintenance-scheduler.js';
import { ENGLISH, bearer, createTenantFixture, expectProblem, startTestApp, uniqueSuffix, type TenantFixture, type TestApp, systemDb } from './harness/index.js';
import { linkCareTeam } from './support/care-team.js';
import { caseApi } from './support/case.js';

let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  c = caseApi(t);
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
// @nestjs/swagger's metadata keys (its constants module is not exported)
const SWAGGER_RESPONSES = 'swagger/apiResponse';
const SWAGGER_PROPERTIES = 'swagger/apiModelPropertiesArray';
const household = (district: string) => ({ postcode: '1012 AB', houseNumber: 3, district, registrationReason: 'Idempotentie', riskLevel: 'low' });
const countIn = async (district: string) =>
  (await systemDb(t.app).query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM household WHERE tenant_id = $1 AND district = $2', [f.tenantId, district]))[0]!.n;

describe('Idempotency-Key on POST', () => {
  it('a replay returns the first status, body and Location without a second household', async () => {
    const district = `Idem-${uniqueSuffix()}`;
    const key = `key-${uniqueSuffix()}`;
    const first = await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send(household(district));
    const replay = await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send(household(district));
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.location).toBe(first.headers.location);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await countIn(district)).toBe(1);
  });

  it('the same key with a different request is a 422, and nothing is written', async () => {
    const district = `Idem-${uniqueSuffix()}`;
    const key = `key-${uniqueSuffix()}`;
    await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send(household(district));
    const other = await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send(household(`${district}-x`));
    expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await countIn(`${district}-x`)).toBe(0);
  });

  it('the same request with its properties in another order is a replay, not a 422 (compared as data, not as text)', async () => {
    const district = `Idem-${uniqueSuffix()}`;
    const key = `key-${uniqueSuffix()}`;
    const sent = household(district);
    const first = await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).set('Content-Type', 'application/json').send(JSON.stringify(sent));
    const reversed = Object.fromEntries(Object.entries(sent).reverse());
    const replay = await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).set('Content-Type', 'application/json').send(JSON.stringify(reversed));
    expect([first.status, replay.status, replay.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
    expect(replay.body).toEqual(first.body);
    expect(await countIn(district)).toBe(1);
  });

  it('ten simultaneous requests with one key make exactly one household', async () => {
    const district = `Idem-${uniqueSuffix()}`;
    const key = `key-${uniqueSuffix()}`;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send(household(district))),
    );
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const ids = new Set(responses.filter((r) => r.status === 201).map((r) => (r.body as { id: string }).id));
    expect(ids.size).toBe(1);
    expect(await countIn(district)).toBe(1);
  });

  it('a request that failed releases its key, so the corrected request can use it', async () => {
    const district = `Idem-${uniqueSuffix()}`;
    const key = `key-${uniqueSuffix()}`;
    expectProblem(await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send({ ...household(district), riskLevel: 'extreme' }), 400);
    const corrected = await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send({ ...household(district), riskLevel: 'high' });
    expect(corrected.status).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keys belong to the caller, and a malformed key is a 400', async () => {
    const district = `Idem-${uniqueSuffix()}`;
    const key = `key-${uniqueSuffix()}`;
    await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send(household(district));
    const colleague = await api().post('/api/v1/households').set(bearer(f.secondCoordinator)).set('Idempotency-Key', key).send(household(district));
    expect(colleague.status).toBe(201);
    expect(await countIn(district)).toBe(2);
    expectProblem(await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', 'x'.repeat(256)).send(household(district)), 400, 'IDEMPOTENCY_KEY_INVALID');
  });
});

describe('Idempotency-Key replays answer like the first time: ETag and Location', () => {
  it('a partner retrying a create after a timeout can update what it created with the replay\'s ETag', async () => {
    const district = `Idem-${uniqueSuffix()}`;
    const key = `key-${uniqueSuffix()}`;
    const first = await api().post('/api/v1/households').set(bearer(f.supervisor)).set('Idempotency-Key', key).send(household(district));
    const replay = await api().post('/api/v1/households').set(bearer(f.supervisor)).set('Idempotency-Key', key).send(household(district));
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers.etag).toBe(first.headers.etag);
    expect(replay.headers.location).toBe(first.headers.location);
    const update = await api().patch(replay.headers.location!).set(bearer(f.supervisor)).set('If-Match', replay.headers.etag!).send({ riskLevel: 'high' });
    expect(update.status).toBe(200);
    expect(update.body.riskLevel).toBe('high');
  });
});

describe('Idempotency-Key never keeps a secret', () => {
  const stored = async (key: string) =>
    systemDb(t.app).query<Array<{ state: string; response_body: unknown; response_withheld: boolean; response_location: string | null }>>(
      'SELECT state, response_body, response_withheld, response_location FROM idempotency_record WHERE key = $1',
      [key],
    );

  it('creating a webhook with a key stores no secret; a replay makes nothing new, shows no secret and says to rotate it', async () => {
    const key = randomUUID();
    const send = () =>
      api()
        .post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`)
        .set(bearer(f.admin))
        .set('Idempotency-Key', key)
        .set(ENGLISH)
        .send({ url: `https://partner.example.nl/hooks/${key}`, eventTypes: ['plan.updated'] });
    const first = await send();
    expect(first.status).toBe(201);
    const secret = first.body.secret as string;
    expect(secret).toMatch(/^whsec_/);
    const rows = await stored(key);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'done', response_body: null, response_withheld: true, response_location: first.headers.location });
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain('whsec_');

    const replay = await send();
    expectProblem(replay, 409, 'IDEMPOTENCY_SECRET_NOT_REPLAYED');
    expect(replay.text).not.toContain(secret);
    expect(replay.text).not.toContain('whsec_');
    expect(replay.body.detail).toMatch(/rotate/);
    expect(replay.headers.location).toBe(first.headers.location);
    expect(replay.headers['retry-after']).toBeUndefined();
    const hooks = await systemDb(t.app).query<unknown[]>('SELECT id FROM webhook_subscription WHERE url = $1', [`https://partner.example.nl/hooks/${key}`]);
    expect(hooks).toHaveLength(1);
  });

  it('creating an API client and rotating its secret with a key store no secret; replays make no second client or secret', async () => {
    const base = `/api/v1/organisations/${f.partnerOrganisationId}/api-clients`;
    const key = randomUUID();
    const name = `Eenmaal ${uniqueSuffix()}`;
    const create = () => api().post(base).set(bearer(f.admin)).set('Idempotency-Key', key).send({ name, scopes: ['plan:read'] });
    const first = await create();
    expect(first.status).toBe(201);
    const replay = await create();
    expectProblem(replay, 409, 'IDEMPOTENCY_SECRET_NOT_REPLAYED');
    expect(replay.text).not.toContain(first.body.clientSecret as string);
    expect(JSON.stringify(await stored(key))).not.toContain(first.body.clientSecret as string);
    expect(JSON.stringify(await stored(key))).not.toContain('epk_');
    const clients = await api().get(base).set(bearer(f.admin));
    expect((clients.body as Array<{ name: string }>).filter((client) => client.name === name)).toHaveLength(1);

    const rotateKey = randomUUID();
    const rotate = () => api().post(`${base}/${first.body.clientId as string}/rotate-secret`).set(bearer(f.admin)).set('Idempotency-Key', rotateKey);
    const rotated = await rotate();
    expect(rotated.status).toBe(200);
    const again = await rotate();
    expectProblem(again, 409, 'IDEMPOTENCY_SECRET_NOT_REPLAYED');
    expect(again.text).not.toContain(rotated.body.clientSecret as string);
    expect(JSON.stringify(await stored(rotateKey))).not.toContain(rotated.body.clientSecret as string);
    const after = await api().get(`${base}/${first.body.clientId as string}`).set(bearer(f.admin));
    // one rotation, not two
    expect(after.body.secretGeneration).toBe(rotated.body.secretGeneration);
  });

  it('every route whose documented answer has a secret or token is marked @ResponseCarriesSecret()', () => {
    const scanner = t.app.get(MetadataScanner);
    const unmarked: string[] = [];
    let checked = 0;
    for (const wrapper of t.app.get(DiscoveryService).getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, object>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name]!;
        if (Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.POST) continue;
        const responses = (Reflect.getMetadata(SWAGGER_RESPONSES, handler) ?? {}) as Record<string, { type?: unknown }>;
        const fields = Object.values(responses).flatMap((r) =>
          typeof r.type === 'function' ? ((Reflect.getMetadata(SWAGGER_PROPERTIES, (r.type as { prototype: object }).prototype) ?? []) as string[]) : [],
        );
        if (!fields.some((f) => /(^:|[a-z])(secret|Secret|token|Token)$/.test(f))) continue;
        checked++;
        const marked = Reflect.getMetadata(RESPONSE_CARRIES_SECRET_KEY, handler) === true || Reflect.getMetadata(RESPONSE_CARRIES_SECRET_KEY, instance.constructor) === true;
        if (!marked) unmarked.push(`${instance.constructor.name}.${name}`);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3);
    expect(unmarked).toEqual([]);
  });
});

describe('Idempotency-Key replays are reads: access checked again, and audited', () => {
  const contact = { kind: 'home_visit', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), note: 'Huisbezoek: zorgen over de huur besproken.' };
  const eventsOf = (requestId: string) =>
    systemDb(t.app).query<Array<{ action: string; outcome: string; resource_type: string; household_id: string | null; professional_id: string; legal_basis: string }>>(
      'SELECT action, outcome, resource_type, household_id, professional_id, legal_basis FROM audit_event WHERE request_id = $1',
      [requestId],
    );

  it('the coordinator who handed the case over gets 404 on a replay, like anyone not involved, and the denial is audited', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const key = randomUUID();
    const send = () => api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).set('Idempotency-Key', key).send(contact);
    const first = await send();
    expect(first.status).toBe(201);
    await c.assignCoordinator(f.coordinator, householdId, f.secondCoordinator, 'Overdracht');

    const replay = await send();
    expectProblem(replay, 404, 'HOUSEHOLD_NOT_FOUND');
    expect(replay.text).not.toContain(contact.note);
    expect(replay.headers['idempotent-replayed']).toBeUndefined();
    // the same answer as for a household that does not exist
    const missing = await api().post(`/api/v1/households/${randomUUID()}/contacts`).set(bearer(f.coordinator)).send(contact);
    const { detail: _d1, instance: _i1, requestId: _r1, ...hidden } = replay.body as Record<string, unknown>;
    const { detail: _d2, instance: _i2, requestId: _r2, ...absent } = missing.body as Record<string, unknown>;
    expect(hidden).toEqual(absent);
    expect(await eventsOf(replay.body.requestId as string)).toEqual([
      expect.objectContaining({ action: 'deny', outcome: 'not_found', household_id: householdId, professional_id: f.coordinator.id }),
    ]);
    // the key is not released by the refusal: the new coordinator's view is unchanged, nothing was recorded twice
    const contacts = await api().get(`/api/v1/households/${householdId}/contacts`).set(bearer(f.secondCoordinator));
    expect((contacts.body.items as unknown[]).length).toBe(1);
  });

  it('a replay by a caller who may still see the household is answered and audited as a read of what it shows', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const key = randomUUID();
    const send = () => api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).set('Idempotency-Key', key).send(contact);
    const first = await send();
    const replay = await send();
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(await eventsOf(replay.headers['x-request-id'] as string)).toEqual([
      expect.objectContaining({ action: 'read', outcome: 'success', resource_type: 'contact', household_id: householdId, professional_id: f.coordinator.id, legal_basis: 'coordinator' }),
    ]);
    // the original create stays the one create event
    expect((await eventsOf(first.headers['x-request-id'] as string)).map((e) => e.action)).toEqual(['create']);
  });
});

describe('Idempotency-Key replays follow purpose limitation', () => {
  it("a partner whose link was narrowed after the first answer gets 409 with the Location, not the answer naming what it may no longer see; unchanged, it gets the replay (an outside probe)", async () => {
    const householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    const members = (await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).body.members as Array<{ id: string; role: string }>;
    const parent = members.find((m) => m.role === 'parent')!;
    const child = members.find((m) => m.role === 'child')!;
    const link = await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'schuldhulp', basis: 'consent', scope: { domains: ['finances'] } });
    expect(link.status).toBe(201);
    const key = randomUUID();
    const assess = () =>
      api()
        .post(`/api/v1/households/${householdId}/assessments`)
        .set(bearer(f.partner))
        .set('Idempotency-Key', key)
        .send({ memberId: parent.id, assessedOn: new Date().toISOString().slice(0, 10), scores: [{ domainCode: 'finances', score: 2 }] });
    const first = await assess();
    expect(first.status).toBe(201);
    // unchanged access: the replay is served
    const again = await assess();
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');

    // narrowed to the child: the parent's assessment is no longer the partner's to see
    const narrowed = await api().put(`/api/v1/households/${householdId}/care-team/${link.body.id as string}/scope`).set(bearer(f.coordinator)).send({ domains: ['finances'], memberIds: [child.id] });
    expect(narrowed.status).toBe(200);
    expectProblem(await api().get(first.headers.location as string).set(bearer(f.partner)), 404);
    const replay = await assess();
    expectProblem(replay, 409, 'IDEMPOTENCY_SCOPE_CHANGED');
    expect(replay.headers.location).toBe(first.headers.location);
    expect(replay.headers['idempotent-replayed']).toBeUndefined();
    expect(replay.text).not.toContain(parent.id);
    // nothing was recorded twice
    const assessments = await api().get(`/api/v1/households/${householdId}/assessments`).set(bearer(f.coordinator));
    expect((assessments.body.items as unknown[]).length).toBe(1);
  });
});

describe('stored answers do not outlive their 24 hours', () => {
  it('the maintenance sweep removes records older than 24 hours and keeps younger ones; an expired record is never served', async () => {
    const district = `Idem-${uniqueSuffix()}`;
    const oldKey = `old-${uniqueSuffix()}`;
    const freshKey = `fresh-${uniqueSuffix()}`;
    await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', oldKey).send(household(district));
    await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', freshKey).send(household(district));
    await systemDb(t.app).query(
      `UPDATE idempotency_record SET created_at = now() - interval '25 hours', expires_at = now() - interval '1 hour' WHERE key = $1`,
      [oldKey],
    );
    // served? no: the same key now makes a new household
    const again = await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', oldKey).send(household(district));
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await countIn(district)).toBe(3);
    await systemDb(t.app).query(
      `UPDATE idempotency_record SET created_at = now() - interval '25 hours', expires_at = now() - interval '1 hour' WHERE key = $1`,
      [oldKey],
    );

    await t.app.get(MaintenanceScheduler).runTask('sweep-idempotency-records');
    const keys = await systemDb(t.app).query<Array<{ key: string }>>('SELECT key FROM idempotency_record WHERE key = ANY($1)', [[oldKey, freshKey]]);
    expect(keys.map((k) => k.key)).toEqual([freshKey]);
    const stale = await systemDb(t.app).query<unknown[]>(`SELECT 1 FROM idempotency_record WHERE created_at < now() - interval '24 hours'`);
    expect(stale).toHaveLength(0);
  });
});
