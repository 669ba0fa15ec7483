import request from 'supertest';
import { DatabaseNotifications } from '../../src/database/database-notifications.js';
import { bearer, createProfessional, createTenantFixture, expectProblem, startTestApp, systemDb, type TenantFixture, type TestApp } from './harness/index.js';
import { COUNT_HEADER, RoundTripCounter } from './support/round-trips.js';
import { waitFor } from './support/wait.js';

/**
 * Issue 11 item 5: the auth guard's principal lookup is cached, and every change to a professional or an API client
 * reaches every replica through the database (LISTEN/NOTIFY) — a deactivated professional, a revoked client or a
 * rotated secret is refused within a second on a replica that did not make the change. Two apps on one database
 * play the two replicas; the change is made through replica A (or with plain SQL), the token is used on replica B.
 */

const WITHIN_MS = 1_000;

let a: TestApp;
let b: TestApp;
let f: TenantFixture;

beforeAll(async () => {
  a = await startTestApp();
  b = await startTestApp();
  f = await createTenantFixture(a.app);
});

afterAll(async () => {
  await b?.close();
  await a?.close();
});

const me = (t: TestApp, token: string) => request(t.http).get('/api/v1/me/notifications').set(bearer(token));
const households = (t: TestApp, token: string) => request(t.http).get('/api/v1/households').set(bearer(token));

/** Polls `call` until it answers 401; fails if that takes longer than WITHIN_MS. */
async function refusedWithin(call: () => Promise<request.Response>): Promise<request.Response> {
  const started = Date.now();
  for (;;) {
    const res = await call();
    if (res.status === 401) return res;
    expect(res.status).toBe(200);
    if (Date.now() - started > WITHIN_MS) throw new Error(`still ${res.status} after ${Date.now() - started} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Until both replicas LISTEN (the cache is bypassed before that, which would make these tests prove nothing). A
 * replica starts listening at its first authenticated request.
 */
async function bothListening(): Promise<void> {
  for (const t of [a, b]) expect((await me(t, f.admin.token)).status).toBe(200);
  await waitFor('both replicas to listen', async () => a.app.get(DatabaseNotifications).listening && b.app.get(DatabaseNotifications).listening, 10_000, 20);
}

describe('a professional', () => {
  it('is read once and then served from the cache: a repeated request sends no principal lookup', async () => {
    const someone = await createProfessional(a.app, { tenantId: f.tenantId, organisationId: f.partnerOrganisationId, roles: ['professional'] });
    expect((await me(b, someone.token)).status).toBe(200);
    await bothListening();
    expect((await me(b, someone.token)).status).toBe(200);
    const counter = new RoundTripCounter(b.http);
    try {
      const tag = counter.tag('cached');
      expect((await me(b, someone.token).set(COUNT_HEADER, tag)).status).toBe(200);
      expect(counter.queries(tag).filter((q) => /FROM "professional"/.test(q))).toEqual([]);
    } finally {
      counter.restore();
    }
  });

  it('deactivated through the people-admin API on one replica is refused on the other within a second', async () => {
    const leaver = await createProfessional(a.app, { tenantId: f.tenantId, organisationId: f.partnerOrganisationId, roles: ['professional'] });
    await bothListening();
    // twice: the second answer comes from B's cache
    expect((await me(b, leaver.token)).status).toBe(200);
    expect((await me(b, leaver.token)).status).toBe(200);
    const res = await request(a.http).post(`/api/v1/professionals/${leaver.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst' });
    expect(res.status).toBe(200);
    expectProblem(await refusedWithin(() => me(b, leaver.token)), 401, 'UNKNOWN_SUBJECT');
    // and on the replica that made the change, at its very next request
    expectProblem(await me(a, leaver.token), 401, 'UNKNOWN_SUBJECT');

    expect((await request(a.http).post(`/api/v1/professionals/${leaver.id}/reactivate`).set(bearer(f.admin))).status).toBe(200);
    expect((await me(a, leaver.token)).status).toBe(200);
    await waitFor('the reactivated professional on replica B', async () => (await me(b, leaver.token)).status === 200, WITHIN_MS, 20);
  });

  it('whose roles change loses the old roles on the other replica within a second', async () => {
    const mover = await createProfessional(a.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['admin'] });
    await bothListening();
    const adminOnly = () => request(b.http).get(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients`).set(bearer(mover.token));
    expect((await adminOnly()).status).toBe(200);
    expect((await adminOnly()).status).toBe(200);
    const res = await request(a.http).patch(`/api/v1/professionals/${mover.id}`).set(bearer(f.admin)).send({ roles: ['supervisor'] });
    expect(res.status).toBe(200);
    await waitFor('the old role to be gone on replica B', async () => (await adminOnly()).status === 403, WITHIN_MS, 20);
  });

  it('deactivated with plain SQL (an operator, a script) is refused on both replicas within a second', async () => {
    const leaver = await createProfessional(a.app, { tenantId: f.tenantId, organisationId: f.partnerOrganisationId, roles: ['professional'] });
    await bothListening();
    expect((await me(a, leaver.token)).status).toBe(200);
    expect((await me(b, leaver.token)).status).toBe(200);
    await systemDb(a.app).query('UPDATE professional SET active = false WHERE id = $1', [leaver.id]);
    expectProblem(await refusedWithin(() => me(a, leaver.token)), 401);
    expectProblem(await refusedWithin(() => me(b, leaver.token)), 401);
  });

  it('is refused at once while the replica cannot listen, and the cache works again once it listens again', async () => {
    const leaver = await createProfessional(a.app, { tenantId: f.tenantId, organisationId: f.partnerOrganisationId, roles: ['professional'] });
    await bothListening();
    expect((await me(b, leaver.token)).status).toBe(200);
    // cut every replica's notification connection; each opens it again with backoff
    await systemDb(a.app).query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'eenplan-notifications' AND datname = current_database()`);
    await systemDb(a.app).query('UPDATE professional SET active = false WHERE id = $1', [leaver.id]);
    // whether B has noticed the cut yet or already listens again: the change it could not hear is never served stale
    expectProblem(await refusedWithin(() => me(b, leaver.token)), 401);
    await bothListening();
    await systemDb(a.app).query('UPDATE professional SET active = true WHERE id = $1', [leaver.id]);
    await waitFor('the reactivated professional on replica B', async () => (await me(b, leaver.token)).status === 200, WITHIN_MS, 20);
  });
});

describe('an API client', () => {
  const ALL_SCOPES = ['households:read', 'plan:read'];

  async function createClient(): Promise<{ clientId: string; clientSecret: string; base: string }> {
    const res = await request(a.http).post(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients`).set(bearer(f.admin)).send({ name: 'Cliëntsysteem', scopes: ALL_SCOPES });
    if (res.status !== 201) throw new Error(`create client: ${res.status} ${res.text}`);
    const { clientId, clientSecret } = res.body as { clientId: string; clientSecret: string };
    return { clientId, clientSecret, base: `/api/v1/organisations/${f.partnerOrganisationId}/api-clients/${clientId}` };
  }

  async function clientToken(client: { clientId: string; clientSecret: string }): Promise<string> {
    const res = await request(a.http).post('/api/v1/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    if (res.status !== 200) throw new Error(`token: ${res.status} ${res.text}`);
    return (res.body as { access_token: string }).access_token;
  }

  it('revoked on one replica: its token is refused on the other within a second', async () => {
    const client = await createClient();
    const token = await clientToken(client);
    await bothListening();
    expect((await households(b, token)).status).toBe(200);
    expect((await households(b, token)).status).toBe(200);
    expect((await request(a.http).post(`${client.base}/revoke`).set(bearer(f.admin))).status).toBe(204);
    expectProblem(await refusedWithin(() => households(b, token)), 401, 'TOKEN_INVALID');
    expectProblem(await households(a, token), 401, 'TOKEN_INVALID');
  });

  it('whose secret is rotated on one replica: its old tokens are refused on the other within a second', async () => {
    const client = await createClient();
    const token = await clientToken(client);
    await bothListening();
    expect((await households(b, token)).status).toBe(200);
    expect((await households(b, token)).status).toBe(200);
    expect((await request(a.http).post(`${client.base}/rotate-secret`).set(bearer(f.admin))).status).toBe(200);
    expectProblem(await refusedWithin(() => households(b, token)), 401, 'TOKEN_INVALID');
    expectProblem(await households(a, token), 401, 'TOKEN_INVALID');
  });
});
