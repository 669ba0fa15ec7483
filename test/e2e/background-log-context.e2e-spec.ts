import request from 'supertest';
import { bearer, createTenantFixture, startTestApp, systemDb, type TenantFixture, type TestApp } from './harness/index.js';
import { waitFor } from './support/wait.js';

/**
 * A connection that serves the whole process logs as the process, not as the request that happened to open it. The
 * notification listener opens on the first subscription, which comes while a request is handled (the principal
 * cache's first lookup); its lines carried that request's `reqId` for as long as the process ran — a newcomer saw
 * "notification listener lost" tagged with a request made ten minutes before.
 */

let t: TestApp;
let f: TenantFixture;
const logLines: string[] = [];

beforeAll(async () => {
  t = await startTestApp({}, { write: (line: string) => void logLines.push(line) });
  f = await createTenantFixture(t.app);
});

afterAll(async () => {
  await t?.close();
});

it('the notification listener, opened during a request, logs its loss without that request’s id', async () => {
  expect((await request(t.http).get('/api/v1/me/notifications').set(bearer(f.coordinator))).status).toBe(200);
  await waitFor('the listener', async () => (await systemDb(t.app).query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'eenplan-notifications' AND datname = current_database()`))[0]!.n > 0);
  await systemDb(t.app).query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'eenplan-notifications' AND datname = current_database()`);
  const lost = await waitFor('the warning', async () => logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'notification listener lost; listening again'), 5_000, 50);
  expect(lost.level).toBe(40);
  expect(lost).not.toHaveProperty('reqId');
});
