import request from 'supertest';
import { REDIS_COMMAND_TIMEOUT_MS } from '../../src/rate-limit/window-store.js';
import { bearer, createTenantFixture, expectProblem, startTestApp, type TenantFixture, type TestApp } from './harness/index.js';
import { startRedis, type Child } from './support/processes.js';
import { waitFor } from './support/wait.js';

/**
 * A Redis that keeps its connections open but stops answering (frozen, swapped out, overloaded) must not hold the
 * API's requests: an outside fault-injection run froze Redis (SIGSTOP) for 20 s and every request — reads included —
 * waited out the freeze, while readiness said 200. Every request asks the rate limiter's store, so its commands have
 * a time limit, and after one times out the store is not asked for a few seconds.
 * A file of its own: the app must be the first of its file, so that logs outside a request reach its log lines.
 */

const read = (t: TestApp, as: { token: string }) => request(t.http).get('/api/v1/life-domains').set(bearer(as));
const tokenRequest = (t: TestApp, fields: Record<string, string>) => request(t.http).post('/api/v1/oauth/token').type('form').send(fields);

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

describe('when the rate-limit store (Redis) stops answering', () => {
  let redis: Child & { port: number; url: string };
  let t: TestApp;
  let f: TenantFixture;
  const lines: string[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    t = await startTestApp({ REDIS_URL: redis.url, QUEUE_PREFIX: `rf${crypto.randomUUID().slice(0, 8)}` }, { write: (line: string) => void lines.push(line) });
    f = await createTenantFixture(t.app);
  });

  afterAll(async () => {
    redis?.process.kill('SIGCONT');
    await t?.close();
    await redis?.kill('SIGKILL');
  });

  it('reads answer without waiting for it, the token endpoint answers 503 at once, and both recover when it answers again', async () => {
    const created = await request(t.http).post(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients`).set(bearer(f.admin)).send({ name: 'Cliëntsysteem', scopes: ['households:read'] });
    expect(created.status).toBe(201);
    const { clientId, clientSecret } = created.body as { clientId: string; clientSecret: string };
    const credentials = { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret };
    expect((await tokenRequest(t, credentials)).status).toBe(200);
    expect((await read(t, f.coordinator)).headers['ratelimit-remaining']).toBeDefined();

    redis.process.kill('SIGSTOP');
    // the first request waits out one command time limit; the ones after it do not wait at all
    const first = await timed(() => read(t, f.coordinator));
    expect(first.result.status).toBe(200);
    expect(first.ms).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS + 1_500);
    for (let i = 0; i < 5; i++) {
      const next = await timed(() => read(t, f.coordinator));
      expect(next.result.status).toBe(200);
      expect(next.ms).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS);
    }
    const refused = await timed(() => tokenRequest(t, credentials));
    expectProblem(refused.result, 503, 'RATE_LIMIT_UNAVAILABLE');
    expect(refused.ms).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS + 1_500);
    expect(lines.filter((line) => line.includes('rate-limit store unavailable'))).toHaveLength(1);

    redis.process.kill('SIGCONT');
    await waitFor('the token endpoint to work again', async () => (await tokenRequest(t, credentials)).status === 200, 20_000, 250);
    expect((await read(t, f.coordinator)).headers['ratelimit-remaining']).toBeDefined();
    expect(lines.filter((line) => line.includes('rate-limit store available again'))).toHaveLength(1);
  }, 60_000);
});
