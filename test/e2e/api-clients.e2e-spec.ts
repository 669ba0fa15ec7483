import { createHash, randomUUID } from 'node:crypto';
import { decodeJwt, SignJWT } from 'jose';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import request from 'supertest';
import { CLIENT_ROUTES, routeKey } from '../../src/api-clients/client-routes.js';
import { loadOrCreateSigningKey } from '../../src/auth/dev-signing-key.js';
import { loadConfig } from '../../src/config/app-config.js';
import { bearer, createOrganisation, createTenantFixture, expectProblem, LOCAL_WEBHOOK_RECEIVERS, startTestApp, systemDb, type TenantFixture, type TestApp } from './harness/index.js';
import { caseApi } from './support/case.js';

let t: TestApp;
let f: TenantFixture;
let other: TenantFixture;
let c: ReturnType<typeof caseApi>;

beforeAll(async () => {
  // a client registers a webhook on a local address (127.0.0.1:9) in one test
  t = await startTestApp(LOCAL_WEBHOOK_RECEIVERS);
  f = await createTenantFixture(t.app);
  other = await createTenantFixture(t.app, 'Andere gemeente');
  c = caseApi(t);
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const ALL_SCOPES = ['households:read', 'plan:read', 'plan:write', 'signals:write', 'webhooks:manage'];

interface CreatedClient {
  clientId: string;
  clientSecret: string;
  principalId: string;
  organisationId: string;
}

async function createClient(organisationId = f.partnerOrganisationId, scopes = ALL_SCOPES): Promise<CreatedClient> {
  const res = await api().post(`/api/v1/organisations/${organisationId}/api-clients`).set(bearer(f.admin)).send({ name: 'Cliëntsysteem Jeugdhulp', scopes });
  if (res.status !== 201) throw new Error(`create client: ${res.status} ${res.text}`);
  return res.body as CreatedClient;
}

/** client_secret_post, form-encoded. */
const tokenRequest = (fields: Record<string, string>) => api().post('/api/v1/oauth/token').type('form').send(fields);

async function tokenFor(client: { clientId: string; clientSecret: string }, scope?: string): Promise<string> {
  const res = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, ...(scope && { scope }) });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${res.text}`);
  return (res.body as { access_token: string }).access_token;
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** A problem body without the per-request members, to compare two answers. */
const stable = (body: Record<string, unknown>) => {
  const { instance: _i, requestId: _r, ...rest } = body;
  return rest;
};

/** An organisation-level care-team link of `organisationId` to a fresh household with a coordinator. */
async function linkedHousehold(organisationId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const householdId = await c.registerHousehold(f.coordinator);
  await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
  const res = await api().post(`/api/v1/households/${householdId}/care-team`).set(bearer(f.coordinator)).send({ organisationId, role: 'partner', basis: 'legal_obligation', ...extra });
  if (res.status !== 201) throw new Error(`link: ${res.status} ${res.text}`);
  return householdId;
}

describe('partner API clients: administration', () => {
  it('shows the secret once, stores only its hash, and keeps the service principal out of the directory', async () => {
    const res = await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients`).set(bearer(f.admin)).send({ name: 'Cliëntsysteem', scopes: ['households:read', 'plan:read'] });
    expect(res.status).toBe(201);
    const created = res.body as CreatedClient & Record<string, unknown>;
    expect(res.headers.location).toBe(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients/${created.clientId}`);
    expect(created).toMatchObject({ organisationId: f.partnerOrganisationId, scopes: ['households:read', 'plan:read'], secretGeneration: 1, active: true, createdById: f.admin.id });
    expect(created.clientSecret).toMatch(/^epk_[A-Za-z0-9_-]{43}$/);

    const [row] = await systemDb(t.app).query<Array<{ secret_hash: string; principal_id: string }>>('SELECT * FROM api_client WHERE id = $1', [created.clientId]);
    expect(row!.secret_hash).toBe(createHash('sha256').update(created.clientSecret).digest('hex'));
    const everything = JSON.stringify(await systemDb(t.app).query('SELECT * FROM api_client WHERE id = $1', [created.clientId]));
    expect(everything).not.toContain(created.clientSecret);
    expect(everything).not.toContain(created.clientSecret.slice(4));

    for (const read of [
      await api().get(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients`).set(bearer(f.admin)),
      await api().get(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients/${created.clientId}`).set(bearer(f.admin)),
    ]) {
      expect(read.status).toBe(200);
      expect(read.text).not.toContain(created.clientSecret);
      expect(read.text).not.toContain(row!.secret_hash);
      expect(read.text).not.toMatch(/secret"|secretHash|clientSecret/i);
    }

    const [principal] = await systemDb(t.app).query<Array<{ kind: string; roles: string[]; organisation_id: string; active: boolean }>>(
      'SELECT kind, roles, organisation_id, active FROM professional WHERE id = $1',
      [created.principalId],
    );
    expect(principal).toEqual({ kind: 'api_client', roles: ['professional'], organisation_id: f.partnerOrganisationId, active: true });
    const directory = await api().get(`/api/v1/professionals?limit=100&organisationId=${f.partnerOrganisationId}`).set(bearer(f.admin));
    expect(directory.status).toBe(200);
    expect((directory.body.items as Array<{ id: string }>).map((p) => p.id).sort()).toEqual([f.partner.id, f.secondPartner.id].sort());
    expectProblem(await api().get(`/api/v1/professionals/${created.principalId}`).set(bearer(f.admin)), 404);
    // nor can it be linked to a household as if it were a person of the organisation
    const householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    const link = await api()
      .post(`/api/v1/households/${householdId}/care-team`)
      .set(bearer(f.coordinator))
      .send({ organisationId: f.partnerOrganisationId, professionalId: created.principalId, role: 'jeugdhulp', basis: 'legal_obligation' });
    expectProblem(link, 422, 'PROFESSIONAL_NOT_IN_ORGANISATION');
  });

  it('never keeps a secret for an Idempotency-Key replay: one client is made, and a replay is refused without the secret', async () => {
    const key = randomUUID();
    const send = () => api().post(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients`).set(bearer(f.admin)).set('Idempotency-Key', key).send({ name: 'Tweemaal', scopes: ['plan:read'] });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expectProblem(second, 409, 'IDEMPOTENCY_SECRET_NOT_REPLAYED');
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.headers.location).toBe(first.headers.location);
    expect(second.text).not.toContain(first.body.clientSecret as string);
    const stored = JSON.stringify(await systemDb(t.app).query('SELECT * FROM idempotency_record WHERE key = $1', [key]));
    expect(stored).not.toContain(first.body.clientSecret as string);
  });

  it('is for admins of the same municipality only; scopes must be known', async () => {
    expectProblem(await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients`).set(bearer(f.coordinator)).send({ name: 'x', scopes: ['plan:read'] }), 403, 'ROLE_REQUIRED');
    expectProblem(await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients`).set(bearer(f.admin)).send({ name: 'x', scopes: ['admin:all'] }), 400, 'VALIDATION_FAILED');
    const client = await createClient();
    const base = `/api/v1/organisations/${f.partnerOrganisationId}/api-clients`;
    expectProblem(await api().post(base).set(bearer(other.admin)).send({ name: 'x', scopes: ['plan:read'] }), 404, 'ORGANISATION_NOT_FOUND');
    expectProblem(await api().get(base).set(bearer(other.admin)), 404, 'ORGANISATION_NOT_FOUND');
    expectProblem(await api().post(`${base}/${client.clientId}/rotate-secret`).set(bearer(other.admin)), 404);
    expectProblem(await api().post(`${base}/${client.clientId}/revoke`).set(bearer(other.admin)), 404);
    // and not through one of its own organisations either
    expectProblem(await api().post(`/api/v1/organisations/${other.partnerOrganisationId}/api-clients/${client.clientId}/revoke`).set(bearer(other.admin)), 404, 'API_CLIENT_NOT_FOUND');
    expect((await api().get(`/api/v1/households`).set(bearer(await tokenFor(client)))).status).toBe(200);
  });
});

describe('partner API clients: the token endpoint', () => {
  it('issues a short-lived scoped token via HTTP Basic, via the form body and via JSON', async () => {
    const client = await createClient();
    const viaBasic = await api().post('/api/v1/oauth/token').set('Authorization', basic(client.clientId, client.clientSecret)).type('form').send({ grant_type: 'client_credentials' });
    expect(viaBasic.status).toBe(200);
    expect(viaBasic.headers['cache-control']).toBe('no-store');
    expect(viaBasic.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 300, scope: ALL_SCOPES.join(' ') });
    const claims = decodeJwt(viaBasic.body.access_token as string);
    expect(claims).toMatchObject({ iss: 'urn:eenplan:api-clients', sub: client.clientId, scope: ALL_SCOPES.join(' '), gen: 1 });
    expect(claims.exp! - claims.iat!).toBe(300);

    const viaForm = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: 'plan:read households:read' });
    expect(viaForm.status).toBe(200);
    expect(viaForm.body.scope).toBe('households:read plan:read');

    const viaJson = await api().post('/api/v1/oauth/token').send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    expect(viaJson.status).toBe(200);
  });

  it('answers an unknown client and a wrong secret identically: 401 invalid_client', async () => {
    const client = await createClient();
    const wrong = await api().post('/api/v1/oauth/token').set('Authorization', basic(client.clientId, `${client.clientSecret}x`)).type('form').send({ grant_type: 'client_credentials' });
    const unknown = await api().post('/api/v1/oauth/token').set('Authorization', basic(randomUUID(), client.clientSecret)).type('form').send({ grant_type: 'client_credentials' });
    const notAnId = await api().post('/api/v1/oauth/token').set('Authorization', basic('nobody', client.clientSecret)).type('form').send({ grant_type: 'client_credentials' });
    for (const res of [wrong, unknown, notAnId]) {
      expect(expectProblem(res, 401, 'INVALID_CLIENT')).toMatchObject({ error: 'invalid_client' });
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
    }
    expect(stable(wrong.body)).toEqual(stable(unknown.body));
    expect(stable(wrong.body)).toEqual(stable(notAnId.body));
    const viaBody = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'epk_wrong' });
    expect(stable(JSON.parse(viaBody.text) as Record<string, unknown>)).toEqual(stable(JSON.parse(wrong.text) as Record<string, unknown>));
    // every 401 carries a challenge (RFC 9110 §15.5.2): the client authentication scheme, not Bearer
    expect(viaBody.headers['www-authenticate']).toMatch(/^Basic realm=/);
  });

  it('refuses scopes the client was not granted, other grant types and malformed requests', async () => {
    const client = await createClient(f.partnerOrganisationId, ['households:read']);
    const creds = { client_id: client.clientId, client_secret: client.clientSecret };
    expect(JSON.parse((await tokenRequest({ grant_type: 'client_credentials', ...creds, scope: 'households:read plan:write' })).text)).toMatchObject({ status: 400, error: 'invalid_scope' });
    expect(JSON.parse((await tokenRequest({ grant_type: 'client_credentials', ...creds, scope: 'everything' })).text)).toMatchObject({ status: 400, error: 'invalid_scope' });
    expect(JSON.parse((await tokenRequest({ grant_type: 'password', ...creds })).text)).toMatchObject({ status: 400, error: 'unsupported_grant_type' });
    expect(JSON.parse((await tokenRequest(creds)).text)).toMatchObject({ status: 400, error: 'invalid_request' });
    const both = await api().post('/api/v1/oauth/token').set('Authorization', basic(client.clientId, client.clientSecret)).type('form').send({ grant_type: 'client_credentials', ...creds });
    expect(expectProblem(both, 400, 'INVALID_REQUEST')).toMatchObject({ error: 'invalid_request' });
    expect(JSON.parse((await tokenRequest({ grant_type: 'client_credentials' })).text)).toMatchObject({ status: 401, error: 'invalid_client' });
  });
});

describe('partner API clients: calling the API', () => {
  it('has an allowlist whose every entry is a real route (a renamed route would silently close it)', () => {
    const routes = new Set<string>();
    for (const wrapper of t.app.get(DiscoveryService).getControllers()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (method === undefined || path === undefined) continue;
        routes.add(routeKey(RequestMethod[method], base, path));
      }
    }
    expect(routes.has('GET /households/:householdId')).toBe(true);
    expect(Object.keys(CLIENT_ROUTES).filter((key) => !routes.has(key))).toEqual([]);
  });

  it('refuses expired, tampered and garbled tokens with 401', async () => {
    const client = await createClient();
    const key = await loadOrCreateSigningKey(process.env.TEST_DATA_DIR!, 'client-signing-key.json', 'client');
    const expired = await new SignJWT({ scope: 'households:read', gen: 1 })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
      .setIssuer('urn:eenplan:api-clients')
      .setAudience('eenplan-api')
      .setSubject(client.clientId)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 900)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 600)
      .sign(key.privateKey);
    const res = await api().get('/api/v1/households').set(bearer(expired));
    expectProblem(res, 401, 'TOKEN_EXPIRED');
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');

    const good = await tokenFor(client);
    const [header, payload] = good.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(good), scope: 'households:read webhooks:manage', sub: randomUUID() })).toString('base64url')}.${good.split('.')[2]}`;
    expectProblem(await api().get('/api/v1/households').set(bearer(forged)), 401, 'TOKEN_INVALID');
    expectProblem(await api().get('/api/v1/households').set(bearer(`${header}.${payload}.AAAA`)), 401, 'TOKEN_INVALID');
    expectProblem(await api().get('/api/v1/households').set(bearer('not-a-jwt')), 401, 'TOKEN_INVALID');
    expect((await api().get('/api/v1/households').set(bearer(good))).status).toBe(200);
  });

  it('answers 403 on routes outside the client allowlist, and 403 insufficient_scope without the scope', async () => {
    const client = await createClient();
    const token = await tokenFor(client);
    for (const res of [
      await api().get('/api/v1/professionals').set(bearer(token)),
      await api().get('/api/v1/signals').set(bearer(token)),
      await api().post('/api/v1/households').set(bearer(token)).send({}),
      await api().get(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients`).set(bearer(token)),
      await api().get('/api/v1/supervision/caseload').set(bearer(token)),
    ]) {
      expectProblem(res, 403, 'NOT_AVAILABLE_TO_CLIENTS');
    }

    const householdId = await linkedHousehold(f.partnerOrganisationId);
    const readOnly = await tokenFor(client, 'households:read');
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(readOnly))).status).toBe(200);
    const noPlan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(readOnly));
    expect(expectProblem(noPlan, 403, 'INSUFFICIENT_SCOPE')).toMatchObject({ requiredScope: 'plan:read' });
    expect(noPlan.headers['www-authenticate']).toBe('Bearer error="insufficient_scope", scope="plan:read"');
    expectProblem(await api().post('/api/v1/signals').set(bearer(readOnly)).send({}), 403, 'INSUFFICIENT_SCOPE');
  });

  it("sees exactly the households its organisation's links allow, in lists and single reads", async () => {
    const organisation = await createOrganisation(t.app, { tenantId: f.tenantId, kind: 'debt_counselling' });
    const elsewhere = await createOrganisation(t.app, { tenantId: f.tenantId, kind: 'housing' });
    const orgLinked = await linkedHousehold(organisation.id);
    const notYet = await linkedHousehold(organisation.id, { startsOn: '2099-01-01' });
    const otherOrg = await linkedHousehold(elsewhere.id);
    const unlinked = await c.registerHousehold(f.coordinator);
    // a link resting on a consent that is later withdrawn
    const consented = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, consented, f.coordinator);
    const consent = await api().post(`/api/v1/households/${consented}/consents`).set(bearer(f.coordinator)).send({ organisationId: organisation.id, purpose: 'Schuldhulp', basis: 'consent' });
    expect(consent.status).toBe(201);
    expect((await api().post(`/api/v1/households/${consented}/care-team`).set(bearer(f.coordinator)).send({ organisationId: organisation.id, role: 'schuldhulp', basis: 'consent', consentId: consent.body.id })).status).toBe(201);
    // a professional-level link of one of the organisation's professionals counts too
    const person = await api().post('/api/v1/professionals').set(bearer(f.admin)).send({ organisationId: organisation.id, name: 'Sam Schuldhulp', email: `sam.${randomUUID().slice(0, 6)}@example.nl`, roles: ['professional'] });
    const personLinked = await linkedHousehold(organisation.id, { professionalId: person.body.id });

    const client = await createClient(organisation.id, ['households:read', 'plan:read']);
    const token = await tokenFor(client);
    const list = async () => ((await api().get('/api/v1/households?limit=100').set(bearer(token))).body.items as Array<{ id: string }>).map((h) => h.id).sort();
    expect(await list()).toEqual([orgLinked, consented, personLinked].sort());
    expect((await api().get(`/api/v1/households/${orgLinked}`).set(bearer(token))).status).toBe(200);
    expect((await api().get(`/api/v1/households/${orgLinked}/care-team`).set(bearer(token))).status).toBe(200);
    const missing = await api().get(`/api/v1/households/${randomUUID()}`).set(bearer(token));
    for (const id of [notYet, otherOrg, unlinked]) {
      const res = await api().get(`/api/v1/households/${id}`).set(bearer(token));
      expectProblem(res, 404);
      expect(res.body.code).toBe(missing.body.code);
      expectProblem(await api().get(`/api/v1/households/${id}/plan`).set(bearer(token)), 404);
    }

    await api().post(`/api/v1/households/${consented}/consents/${consent.body.id}/withdraw`).set(bearer(f.coordinator)).send({ reason: 'Ingetrokken' });
    expect(await list()).toEqual([orgLinked, personLinked].sort());
    expectProblem(await api().get(`/api/v1/households/${consented}`).set(bearer(token)), 404);
    // another tenant's client sees none of it
    const foreign = await api().post(`/api/v1/organisations/${other.partnerOrganisationId}/api-clients`).set(bearer(other.admin)).send({ name: 'x', scopes: ['households:read'] });
    const foreignToken = await tokenFor(foreign.body as CreatedClient);
    expect((await api().get('/api/v1/households?limit=100').set(bearer(foreignToken))).body.items).toEqual([]);
    expectProblem(await api().get(`/api/v1/households/${orgLinked}`).set(bearer(foreignToken)), 404);
  });

  it('is recorded in the audit trail as the client, for its organisation, on the basis its organisation has', async () => {
    const organisation = await createOrganisation(t.app, { tenantId: f.tenantId, kind: 'mental_health' });
    const householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    // the organisation is involved through one of its professionals, on the family's recorded consent
    const person = await api().post('/api/v1/professionals').set(bearer(f.admin)).send({ organisationId: organisation.id, name: 'Gerrit GGZ', email: `gerrit.${randomUUID().slice(0, 6)}@example.nl`, roles: ['professional'] });
    const consent = await api().post(`/api/v1/households/${householdId}/consents`).set(bearer(f.coordinator)).send({ organisationId: organisation.id, purpose: 'Behandeling', basis: 'consent' });
    const link = await api()
      .post(`/api/v1/households/${householdId}/care-team`)
      .set(bearer(f.coordinator))
      .send({ organisationId: organisation.id, professionalId: person.body.id, role: 'behandelaar', basis: 'consent', consentId: consent.body.id });
    expect(link.status).toBe(201);
    const client = await createClient(organisation.id, ['households:read']);
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(await tokenFor(client)))).status).toBe(200);
    const events = await systemDb(t.app).query<Array<Record<string, unknown>>>(
      `SELECT action, actor_kind, api_client_id, on_behalf_of_organisation_id, organisation_id, roles, legal_basis, consent_id
         FROM audit_event WHERE household_id = $1 AND api_client_id IS NOT NULL`,
      [householdId],
    );
    expect(events).toEqual([
      {
        action: 'read',
        actor_kind: 'client',
        api_client_id: client.clientId,
        on_behalf_of_organisation_id: organisation.id,
        organisation_id: organisation.id,
        // a partner system acts in its own role, never a blank one (issue 11 item 7)
        roles: ['api_client'],
        legal_basis: 'care_team_consent',
        consent_id: consent.body.id,
      },
    ]);
  });

  it('may report progress on its organisation’s actions (plan:write) but not make other plan changes', async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    expect((await api().post(`/api/v1/households/${householdId}/care-team`).set(bearer(f.coordinator)).send({ organisationId: f.partnerOrganisationId, role: 'jeugdhulp', basis: 'legal_obligation' })).status).toBe(201);
    const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'finances', title: 'Schulden in beeld' });
    const action = await api()
      .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
      .set(bearer(f.coordinator))
      .set('If-Match', goal.headers.etag as string)
      .send({ description: 'Intake jeugdhulp', owner: { type: 'organisation', id: f.partnerOrganisationId } });
    expect(action.status).toBe(201);
    const client = await createClient();
    const token = await tokenFor(client, 'plan:read plan:write');
    const plan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(token));
    expect(plan.status).toBe(200);
    const done = await api().patch(`/api/v1/households/${householdId}/plan/actions/${action.body.id}`).set(bearer(token)).set('If-Match', plan.headers.etag as string).send({ status: 'in_progress' });
    expect(done.status).toBe(200);
    const [revision] = await systemDb(t.app).query<Array<{ changed_by_id: string }>>('SELECT changed_by_id FROM plan_revision WHERE plan_id = (SELECT id FROM plan WHERE household_id = $1) ORDER BY number DESC LIMIT 1', [householdId]);
    expect(revision!.changed_by_id).toBe(client.principalId);
    expectProblem(
      await api().patch(`/api/v1/households/${householdId}/plan/actions/${action.body.id}`).set(bearer(token)).set('If-Match', done.headers.etag as string).send({ description: 'Anders' }),
      403,
    );
    // writes reserved to the coordinator are not even open to clients
    expectProblem(await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(token)).set('If-Match', done.headers.etag as string).send({ familyWishes: 'x' }), 403, 'NOT_AVAILABLE_TO_CLIENTS');
  });

  it('registers a signal as its organisation, through its service principal, idempotently', async () => {
    const client = await createClient();
    const token = await tokenFor(client, 'signals:write');
    const body = { postcode: '9999 ZZ', houseNumber: 1, dateOfBirth: '2015-01-01', category: 'school_absence', severity: 'low', note: 'Vaak afwezig' };
    const key = randomUUID();
    const first = await api().post('/api/v1/signals').set(bearer(token)).set('Idempotency-Key', key).send(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ organisation: { organisationId: f.partnerOrganisationId }, signalledBy: { professionalId: client.principalId } });
    const replay = await api().post('/api/v1/signals').set(bearer(token)).set('Idempotency-Key', key).send(body);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    const [count] = await systemDb(t.app).query<Array<{ n: string }>>('SELECT count(*) AS n FROM signal WHERE signalled_by_id = $1', [client.principalId]);
    expect(count!.n).toBe('1');
  });

  it('manages the webhooks of its own organisation only', async () => {
    const client = await createClient();
    const token = await tokenFor(client, 'webhooks:manage');
    const own = await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(token)).send({ url: 'http://127.0.0.1:9/hook', eventTypes: ['*'] });
    expect(own.status).toBe(201);
    expect((await api().get(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(token))).body).toEqual([expect.objectContaining({ id: own.body.id })]);
    for (const res of [
      await api().post(`/api/v1/organisations/${f.ownOrganisationId}/webhooks`).set(bearer(token)).send({ url: 'http://127.0.0.1:9/hook', eventTypes: ['*'] }),
      await api().get(`/api/v1/organisations/${f.ownOrganisationId}/webhooks`).set(bearer(token)),
      await api().get(`/api/v1/organisations/${other.partnerOrganisationId}/webhooks`).set(bearer(token)),
    ]) {
      expectProblem(res, 404, 'ORGANISATION_NOT_FOUND');
    }
    expect((await api().delete(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks/${own.body.id}`).set(bearer(token))).status).toBe(204);
  });
});

describe('partner API clients: rotation and revocation', () => {
  it('after a rotation the old secret and the old tokens stop working, the new ones work', async () => {
    const client = await createClient();
    const oldToken = await tokenFor(client);
    expect((await api().get('/api/v1/households').set(bearer(oldToken))).status).toBe(200);
    const rotated = await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients/${client.clientId}/rotate-secret`).set(bearer(f.admin));
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ clientId: client.clientId, secretGeneration: 2, rotatedAt: expect.any(String) });
    expect(rotated.body.clientSecret).not.toBe(client.clientSecret);

    expectProblem(await api().get('/api/v1/households').set(bearer(oldToken)), 401, 'TOKEN_INVALID');
    expect(JSON.parse((await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret })).text)).toMatchObject({ error: 'invalid_client' });
    const newToken = await tokenFor({ clientId: client.clientId, clientSecret: rotated.body.clientSecret as string });
    expect(decodeJwt(newToken).gen).toBe(2);
    expect((await api().get('/api/v1/households').set(bearer(newToken))).status).toBe(200);
  });

  it('after revocation its token fails at once and its service principal is deactivated', async () => {
    const client = await createClient();
    const token = await tokenFor(client);
    expect((await api().get('/api/v1/households').set(bearer(token))).status).toBe(200);
    const base = `/api/v1/organisations/${f.partnerOrganisationId}/api-clients/${client.clientId}`;
    expect((await api().post(`${base}/revoke`).set(bearer(f.admin))).status).toBe(204);

    expectProblem(await api().get('/api/v1/households').set(bearer(token)), 401, 'TOKEN_INVALID');
    expect(JSON.parse((await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret })).text)).toMatchObject({ error: 'invalid_client' });
    const [principal] = await systemDb(t.app).query<Array<{ active: boolean }>>('SELECT active FROM professional WHERE id = $1', [client.principalId]);
    expect(principal!.active).toBe(false);
    expect((await api().get(base).set(bearer(f.admin))).body).toMatchObject({ active: false, revokedAt: expect.any(String), revokedById: f.admin.id });
    expectProblem(await api().post(`${base}/rotate-secret`).set(bearer(f.admin)), 409, 'API_CLIENT_REVOKED');
    expectProblem(await api().post(`${base}/revoke`).set(bearer(f.admin)), 409, 'API_CLIENT_REVOKED');
  });
});

describe('partner API clients: configuration', () => {
  it('takes the signing key from CLIENT_TOKEN_PRIVATE_JWK and refuses anything but an EC P-256 private JWK', async () => {
    const key = await loadOrCreateSigningKey(process.env.TEST_DATA_DIR!, 'client-signing-key.json', 'client');
    expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(key.publicJwk).not.toHaveProperty('d');
    expect(() => loadConfig({ CLIENT_TOKEN_PRIVATE_JWK: JSON.stringify(key.publicJwk) })).toThrow(/CLIENT_TOKEN_PRIVATE_JWK must be an EC P-256 private key/);
    expect(() => loadConfig({ CLIENT_TOKEN_PRIVATE_JWK: 'not json' })).toThrow(/CLIENT_TOKEN_PRIVATE_JWK/);
    expect(() => loadConfig({ CLIENT_TOKEN_TTL_SECONDS: '86400' })).toThrow(/CLIENT_TOKEN_TTL_SECONDS/);
    expect(loadConfig({ CLIENT_TOKEN_TTL_SECONDS: '120' }).apiClients).toEqual({ issuer: 'urn:eenplan:api-clients', tokenTtlSeconds: 120, privateJwk: undefined });
  });
});
