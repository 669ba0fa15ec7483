import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ENGLISH, bearer, createTenantFixture, expectProblem, startTestApp, type TenantFixture, type TestApp } from './harness/index.js';

// Against Redis the windows are shared by every app with the same prefix: another file's failed requests from
// 127.0.0.1 in the same minute (the contract fuzzer sends hundreds) must not count here.
const ownPrefix = () => `rlf_${randomUUID().slice(0, 8)}`;

/**
 * The per-address limit on failed requests runs before authentication: a flood of bad tokens or bad client
 * credentials from one address ends in 429s. The address is the peer's unless TRUST_PROXY names the proxy, so a
 * client cannot reset its budget by inventing X-Forwarded-For. (The store going down: rate-limit-store-down.e2e-spec.ts.)
 */

const BAD_TOKEN = bearer('eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJub2JvZHkifQ.c2lnbmF0dXJl');
const read = (t: TestApp) => request(t.http).get('/api/v1/life-domains');
const tokenRequest = (t: TestApp, fields: Record<string, string>) => request(t.http).post('/api/v1/oauth/token').type('form').send(fields);

async function statusCounts(responses: Array<Promise<{ status: number }>>): Promise<Record<number, number>> {
  const counts: Record<number, number> = {};
  for (const pending of responses) {
    const { status } = await pending;
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

describe('failed requests, without a trusted proxy (the default)', () => {
  let t: TestApp;
  let f: TenantFixture;

  beforeAll(async () => {
    // the default budgets: 600 requests a minute per caller, 60 failed requests a minute per address
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '600', RATE_LIMIT_FAILURES_PER_MINUTE: '60', QUEUE_PREFIX: ownPrefix() });
    f = await createTenantFixture(t.app);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('700 requests with a bad token, each naming another X-Forwarded-For: 60 are 401, the rest 429, and the address stays blocked', async () => {
    const responses: Array<Promise<{ status: number }>> = [];
    for (let i = 0; i < 700; i++) {
      // one at a time, so the count is exact; X-Forwarded-For is not believed without TRUST_PROXY
      const { status } = await read(t).set(BAD_TOKEN).set('X-Forwarded-For', `198.51.100.${i % 250}, 10.0.${i % 200}.1`);
      responses.push(Promise.resolve({ status }));
    }
    expect(await statusCounts(responses)).toEqual({ 401: 60, 429: 640 });

    const limited = await read(t).set(bearer(f.coordinator)).set('X-Forwarded-For', '192.0.2.77').set(ENGLISH);
    const problem = expectProblem(limited, 429, 'TOO_MANY_REQUESTS');
    expect(problem.detail).toMatch(/failed requests/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await request(t.http).get('/health/live')).status).toBe(200);
  });
});

describe('failed requests, behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let t: TestApp;
  let f: TenantFixture;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback', RATE_LIMIT_FAILURES_PER_MINUTE: '5', QUEUE_PREFIX: ownPrefix() });
    f = await createTenantFixture(t.app);
  });

  afterAll(async () => {
    await t?.close();
  });

  const from = (address: string) => ({ 'X-Forwarded-For': address });

  it('counts per forwarded address: one address is stopped, its neighbours are not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await read(t).set(BAD_TOKEN).set(from('203.0.113.1'))).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expectProblem(await read(t).set(bearer(f.coordinator)).set(from('203.0.113.1')), 429);

    expectProblem(await read(t).set(BAD_TOKEN).set(from('203.0.113.2')), 401);
    expect((await read(t).set(bearer(f.coordinator)).set(from('203.0.113.3'))).status).toBe(200);
  });

  it('a blocked address still serves a token that authenticated lately; new credentials from it, and the token endpoint, wait out the block (an outside probe locked a whole NAT out)', async () => {
    const office = from('203.0.113.40');
    expect((await read(t).set(bearer(f.coordinator)).set(office)).status).toBe(200);
    for (let i = 0; i < 6; i++) await read(t).set(BAD_TOKEN).set(office);
    expectProblem(await read(t).set(BAD_TOKEN).set(office), 429);
    expect((await read(t).set(bearer(f.coordinator)).set(office)).status).toBe(200);
    expectProblem(await read(t).set(bearer(f.secondCoordinator)).set(office), 429);
    expectProblem(await tokenRequest(t, { grant_type: 'client_credentials', client_id: crypto.randomUUID(), client_secret: 'epk_guess' }).set(office), 429);
  });

  it('successful requests do not use up the failure budget', async () => {
    for (let i = 0; i < 12; i++) expect((await read(t).set(bearer(f.coordinator)).set(from('203.0.113.20'))).status).toBe(200);
  });

  it('failed token requests count too: bad client credentials and malformed requests', async () => {
    const address = from('203.0.113.30');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await tokenRequest(t, { grant_type: 'client_credentials', client_id: crypto.randomUUID(), client_secret: 'epk_guess' }).set(address)).status);
    for (let i = 0; i < 2; i++) statuses.push((await tokenRequest(t, { grant_type: 'password' }).set(address)).status);
    statuses.push((await tokenRequest(t, { grant_type: 'client_credentials', client_id: crypto.randomUUID(), client_secret: 'epk_guess' }).set(address)).status);
    expect(statuses).toEqual([401, 401, 401, 400, 400, 429]);
  });
});
