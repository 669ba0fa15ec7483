import request from 'supertest';
import { REDIS_COMMAND_TIMEOUT_MS } from '../../src/rate-limit/window-store.js';
import { bearer, createTenantFixture, expectProblem, startTestApp, type TenantFixture, type TestApp } from './harness/index.js';
import { startRedis, type Child } from './support/processes.js';
import { waitFor } from './support/wait.js';

/**
 * The token endpoint never runs unlimited: with the limiter's store (Redis) down it answers 503 with Retry-After,
 * while ordinary authenticated reads go on unlimited, with one log line per change of the store's state. A Redis
 * that keeps its connections open but stops answering (frozen, swapped out, overloaded) must not hold the requests
 * either: an outside fault-injection run froze Redis (SIGSTOP) for 20 s and every request — reads included — waited
 * out the freeze while readiness said 200.
 * A file of its own: the app must be the first of its file, so that logs outside a request reach its log lines.
 */

const read = (t: TestApp) => request(t.http).get('/api/v1/life-domains');
const tokenRequest = (t: TestApp, fields: Record<string, string>) => request(t.http).post('/api/v1/oauth/token').type('form').send(fields);

describe('when the rate-limit store (Redis) is down', () => {
  let redis: Child & { port: number; url: string };
  let t: TestApp;
  let f: TenantFixture;
  const lines: string[] = [];
  let credentials: Record<string, string>;
  const logged = (text: string) => lines.filter((line) => line.includes(text)).length;

  beforeAll(async () => {
    redis = await startRedis();
    t = await startTestApp({ REDIS_URL: redis.url, QUEUE_PREFIX: `rl${crypto.randomUUID().slice(0, 8)}` }, { write: (line: string) => void lines.push(line) });
    f = await createTenantFixture(t.app);
    const created = await request(t.http).post(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients`).set(bearer(f.admin)).send({ name: 'Cliëntsysteem', scopes: ['households:read'] });
    expect(created.status).toBe(201);
    const { clientId, clientSecret } = created.body as { clientId: string; clientSecret: string };
    credentials = { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret };
  });

  afterAll(async () => {
    redis?.process.kill('SIGCONT');
    await t?.close();
    await redis?.kill('SIGKILL');
  });

  it('the token endpoint answers 503 with Retry-After, never a token; ordinary reads go on; one log line per change of state', async () => {
    expect((await tokenRequest(t, credentials)).status).toBe(200);

    await redis.kill('SIGKILL');
    for (let i = 0; i < 3; i++) {
      const refused = await tokenRequest(t, credentials);
      expectProblem(refused, 503, 'RATE_LIMIT_UNAVAILABLE');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.text).not.toContain('access_token');
    }
    for (let i = 0; i < 3; i++) expect((await read(t).set(bearer(f.coordinator))).status).toBe(200);
    const unavailable = () => lines.filter((line) => line.includes('rate-limit store unavailable'));
    expect(unavailable()).toHaveLength(1);

    redis = await startRedis(redis.port);
    await waitFor('the token endpoint to work again', async () => (await tokenRequest(t, credentials)).status === 200, 20_000, 250);
    expect(lines.filter((line) => line.includes('rate-limit store available again'))).toHaveLength(1);
    expect(unavailable()).toHaveLength(1);
  }, 60_000);

  it('a Redis that stops answering holds no request: reads go on at once, the token endpoint answers 503 at once, both recover', async () => {
    await waitFor('the token endpoint to work', async () => (await tokenRequest(t, credentials)).status === 200, 20_000, 250);
    const [down, up] = [logged('rate-limit store unavailable'), logged('rate-limit store available again')];
    const timed = async <T>(work: () => Promise<T>) => {
      const started = Date.now();
      return { result: await work(), ms: Date.now() - started };
    };

    redis.process.kill('SIGSTOP');
    // the first request waits out one command time limit; the ones after it do not wait at all
    const first = await timed(() => read(t).set(bearer(f.coordinator)));
    expect(first.result.status).toBe(200);
    expect(first.ms).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS + 1_500);
    // five more together take less than one command time limit each would (a request that waited on Redis takes at
    // least that long); a sum, so one slow answer on a busy machine does not decide it
    let waited = 0;
    for (let i = 0; i < 5; i++) {
      const next = await timed(() => read(t).set(bearer(f.coordinator)));
      expect(next.result.status).toBe(200);
      waited += next.ms;
    }
    expect(waited).toBeLessThan(5 * REDIS_COMMAND_TIMEOUT_MS);
    const refused = await timed(() => tokenRequest(t, credentials));
    expectProblem(refused.result, 503, 'RATE_LIMIT_UNAVAILABLE');
    expect(refused.ms).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS + 1_500);
    expect(logged('rate-limit store unavailable')).toBe(down + 1);

    redis.process.kill('SIGCONT');
    await waitFor('the token endpoint to work again', async () => (await tokenRequest(t, credentials)).status === 200, 20_000, 250);
    expect((await read(t).set(bearer(f.coordinator))).headers['ratelimit-remaining']).toBeDefined();
    expect(logged('rate-limit store available again')).toBe(up + 1);
  }, 60_000);
});
