import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bearer, createTenantFixture, startTestApp, uniqueSuffix, type TenantFixture, type TestApp, systemDb } from './harness/index.js';
import { caseApi } from './support/case.js';
import { startEenplan, startRedis, type Child } from './support/processes.js';
import { waitFor } from './support/wait.js';
import { linkCareTeam } from './support/care-team.js';

/**
 * Faults the notification path must survive: the queue's store going away, a worker killed mid-batch, and
 * several API and worker processes on one database. Each counts inbox rows per event: 0 lost, 0 duplicates.
 */

const children: Child[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill('SIGKILL')));
});

async function partnerCase(t: TestApp, f: TenantFixture) {
  const c = caseApi(t);
  const { householdId, etag } = await c.caseWithPlan(f);
  const link = await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' });
  expect(link.status).toBe(201);
  return { householdId, etag };
}

/** n sequential plan edits by the supervisor, each with the ETag of the previous; returns the statuses. */
async function editPlan(http: Parameters<typeof request>[0], token: string, householdId: string, etag: string, n: number, from = 0): Promise<{ statuses: number[]; etag: string }> {
  const statuses: number[] = [];
  let current = etag;
  for (let i = 0; i < n; i++) {
    const res = await request(http).patch(`/api/v1/households/${householdId}/plan`).set(bearer(token)).set('If-Match', current).send({ familyWishes: `Wens ${from + i}` });
    statuses.push(res.status);
    current = res.headers.etag as string;
  }
  return { statuses, etag: current };
}

async function inboxCounts(ds: DataSource, householdId: string, professionalId: string) {
  const [row] = await ds.query<Array<{ events: number; items: number; distinct_events: number }>>(
    `SELECT (SELECT count(*)::int FROM outbox_event WHERE household_id = $1 AND type = 'plan.updated') AS events,
            count(n.id)::int AS items, count(DISTINCT n.event_id)::int AS distinct_events
       FROM notification n JOIN outbox_event e ON e.id = n.event_id
      WHERE e.household_id = $1 AND e.type = 'plan.updated' AND n.professional_id = $2`,
    [householdId, professionalId],
  );
  return row!;
}

describe('when the queue store is down', () => {
  it('1,000 plan edits all commit, and after Redis is back each reaches the inbox exactly once', async () => {
    const redis = await startRedis();
    children.push(redis);
    const t = await startTestApp({ PROCESS_ROLE: 'all', REDIS_URL: redis.url, QUEUE_PREFIX: `f${uniqueSuffix()}`, RELAY_POLL_MS: '200', QUEUE_STALLED_INTERVAL_MS: '2000', QUEUE_LOCK_DURATION_MS: '4000' });
    try {
      const f = await createTenantFixture(t.app);
      const { householdId, etag } = await partnerCase(t, f);
      await redis.kill('SIGKILL');

      const { statuses } = await editPlan(t.http, f.supervisor.token, householdId, etag, 1000);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1000);
      const ds = systemDb(t.app);
      const [waiting] = await ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM outbox_event WHERE household_id = $1 AND type = 'plan.updated' AND dispatched_at IS NULL`, [householdId]);
      expect(waiting!.n).toBe(1000);

      children.push(await startRedis(redis.port));
      const counts = await waitFor('1,000 notifications', async () => {
        const now = await inboxCounts(ds, householdId, f.partner.id);
        return now.items >= 1000 ? now : undefined;
      }, 120_000, 500);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await inboxCounts(ds, householdId, f.partner.id)).toEqual({ events: 1000, items: 1000, distinct_events: 1000 });
      expect(counts.items).toBe(1000);
    } finally {
      await t.close();
    }
  }, 240_000);
});

describe('when a worker is killed mid-batch', () => {
  it('every job still completes after another worker takes over, without duplicate inbox items', async () => {
    const redis = await startRedis();
    children.push(redis);
    const prefix = `k${uniqueSuffix()}`;
    const env = { REDIS_URL: redis.url, QUEUE_PREFIX: prefix, QUEUE_STALLED_INTERVAL_MS: '1000', QUEUE_LOCK_DURATION_MS: '2000', QUEUE_CONCURRENCY: '5', RELAY_POLL_MS: '200' };
    const t = await startTestApp({ PROCESS_ROLE: 'api', REDIS_URL: redis.url, QUEUE_PREFIX: prefix });
    try {
      const f = await createTenantFixture(t.app);
      const { householdId, etag } = await partnerCase(t, f);
      await editPlan(t.http, f.supervisor.token, householdId, etag, 400);
      const ds = systemDb(t.app);

      const first = await startEenplan('worker', env);
      children.push(first);
      await waitFor('the first worker to be busy', async () => (await inboxCounts(ds, householdId, f.partner.id)).items > 20, 60_000, 20);
      await first.kill('SIGKILL');
      const afterKill = (await inboxCounts(ds, householdId, f.partner.id)).items;
      expect(afterKill).toBeLessThan(400);

      children.push(await startEenplan('worker', env));
      await waitFor('all 400 notifications', async () => (await inboxCounts(ds, householdId, f.partner.id)).items >= 400, 90_000, 250);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await inboxCounts(ds, householdId, f.partner.id)).toEqual({ events: 400, items: 400, distinct_events: 400 });
    } finally {
      await t.close();
    }
  }, 180_000);
});

describe.each([
  ['Redis', true],
  ['the PostgreSQL backend', false],
])('two API and two worker processes on %s', (_label, useRedis) => {
  it('deliver every event once to each recipient', async () => {
    const redis = useRedis ? await startRedis() : undefined;
    if (redis) children.push(redis);
    const prefix = `m${uniqueSuffix()}`;
    const env: Record<string, string> = { QUEUE_PREFIX: prefix, RELAY_POLL_MS: '200', ...(redis && { REDIS_URL: redis.url }) };
    const t = await startTestApp({ PROCESS_ROLE: 'api', ...env });
    try {
      const f = await createTenantFixture(t.app);
      const { householdId, etag } = await partnerCase(t, f);
      const processes = await Promise.all([startEenplan('api', env), startEenplan('api', env), startEenplan('worker', env), startEenplan('worker', env)]);
      children.push(...processes);
      const [apiA, apiB] = processes;
      let current = etag;
      for (let i = 0; i < 60; i++) {
        const target = `http://127.0.0.1:${(i % 2 === 0 ? apiA : apiB)!.port}`;
        const res = await request(target).patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor)).set('If-Match', current).send({ familyWishes: `Proces ${i}` });
        expect(res.status).toBe(200);
        current = res.headers.etag as string;
      }
      const ds = systemDb(t.app);
      for (const who of [f.partner.id, f.coordinator.id]) {
        await waitFor('all notifications', async () => (await inboxCounts(ds, householdId, who)).items >= 60, 60_000, 250);
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      for (const who of [f.partner.id, f.coordinator.id]) expect(await inboxCounts(ds, householdId, who)).toEqual({ events: 60, items: 60, distinct_events: 60 });
    } finally {
      await t.close();
    }
  }, 120_000);
});
