import request from 'supertest';
import { bearer, createTenantFixture, expectProblem, startTestApp, type TenantFixture, type TestApp } from './harness/index.js';

let t: TestApp;
let f: TenantFixture;

beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
  f = await createTenantFixture(t.app);
});

afterAll(async () => {
  await t?.close();
});

describe('rate limits', () => {
  it('the sixth request within a minute is a 429 problem+json with Retry-After; a colleague has their own budget; health is not limited', async () => {
    for (let i = 0; i < 5; i++) expect((await request(t.http).get('/api/v1/life-domains').set(bearer(f.coordinator))).status).toBe(200);
    const limited = await request(t.http).get('/api/v1/life-domains').set(bearer(f.coordinator));
    const problem = expectProblem(limited, 429);
    expect(problem.detail).toContain('Retry-After');
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await request(t.http).get('/api/v1/life-domains').set(bearer(f.secondCoordinator))).status).toBe(200);
    for (let i = 0; i < 8; i++) expect((await request(t.http).get('/health/live')).status).toBe(200);
  });
});
