import { Redis } from 'ioredis';
import pg from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bearer, createTenantFixture, LOCAL_WEBHOOK_RECEIVERS, startTestApp, uniqueSuffix, type TenantFixture, type TestApp, systemDb } from './harness/index.js';
import { caseApi } from './support/case.js';
import { freePort, startEenplan, startRedis, type Child } from './support/processes.js';
import { waitFor } from './support/wait.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';
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

describe('when the database is restored from a backup and the queue store is not emptied', () => {
  it('events that get the ids of events already done still reach the inbox (their jobs are not taken for done ones)', async () => {
    const redis = await startRedis();
    children.push(redis);
    const t = await startTestApp({ PROCESS_ROLE: 'all', REDIS_URL: redis.url, QUEUE_PREFIX: `r${uniqueSuffix()}`, RELAY_POLL_MS: '200' });
    try {
      const f = await createTenantFixture(t.app);
      const { householdId, etag } = await partnerCase(t, f);
      const ds = systemDb(t.app);
      const next = (await ds.query<Array<{ next: string }>>(`SELECT (max(id) + 1)::text AS next FROM outbox_event`))[0]!.next;
      const first = await editPlan(t.http, f.supervisor.token, householdId, etag, 3);
      await waitFor('3 notifications', async () => ((await inboxCounts(ds, householdId, f.partner.id)).items >= 3 ? true : undefined), 30_000, 200);

      // the backup was taken before those three changes: their events, their notifications and the ids they used are
      // gone from the database, while the queue's store still holds their finished jobs
      const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await owner.connect();
      try {
        await owner.query('SET session_replication_role = replica');
        await owner.query('DELETE FROM notification WHERE event_id >= $1', [next]);
        await owner.query('DELETE FROM webhook_delivery WHERE event_id >= $1', [next]);
        await owner.query('DELETE FROM outbox_event WHERE id >= $1', [next]);
        await owner.query(`SELECT setval('outbox_event_id_seq', $1::bigint - 1)`, [next]);
      } finally {
        await owner.end();
      }

      const plan = await request(t.http).get(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor));
      await editPlan(t.http, f.supervisor.token, householdId, plan.headers.etag as string, 3, 3);
      const reused = await ds.query<Array<{ id: string }>>(`SELECT id::text FROM outbox_event WHERE household_id = $1 AND type = 'plan.updated' AND id >= $2`, [householdId, next]);
      expect(reused.length).toBeGreaterThanOrEqual(3);
      await waitFor('3 notifications after the restore', async () => ((await inboxCounts(ds, householdId, f.partner.id)).items >= 3 ? true : undefined), 30_000, 200);
      expect(await inboxCounts(ds, householdId, f.partner.id)).toEqual({ events: 3, items: 3, distinct_events: 3 });
      expect(first.statuses).toEqual([200, 200, 200]);
    } finally {
      await t.close();
    }
  }, 120_000);
});

describe('when the queue store cannot be reached at start', () => {
  it('a process that also runs workers starts serving requests anyway, says why it waited, and checks its schedules once the store answers', async () => {
    const redisPort = await freePort();
    const started = Date.now();
    const app = await startEenplan('all', { REDIS_URL: `redis://127.0.0.1:${redisPort}`, QUEUE_PREFIX: `s${uniqueSuffix()}` }, 45_000);
    children.push(app);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(app.output()).toContain('queue store (REDIS_URL) not answering; starting without it');
    expect((await request(`http://127.0.0.1:${app.port}`).get('/health/live')).status).toBe(200);
    const redis = await startRedis(redisPort);
    children.push(redis);
    await waitFor('the schedules in the queue store', async () => {
      const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await client.connect();
        return (await client.keys('*maintenance*')).length > 0 ? true : undefined;
      } finally {
        client.disconnect();
      }
    }, 30_000, 500);
  }, 120_000);
});

describe('when the queue store comes back empty while a webhook delivery waits for its next attempt', () => {
  it('the delivery is queued again and reaches the partner, not left pending for good', async () => {
    const redis = await startRedis();
    children.push(redis);
    // the next attempt would be ten minutes away: only the requeue after the reset can deliver within the test
    const t = await startTestApp({ ...LOCAL_WEBHOOK_RECEIVERS, PROCESS_ROLE: 'all', REDIS_URL: redis.url, QUEUE_PREFIX: `w${uniqueSuffix()}`, RELAY_POLL_MS: '200', QUEUE_STORE_CHECK_MS: '500', WEBHOOK_RETRY_BASE_MS: '600000' });
    const receiver = await startWebhookReceiver((res, _req, n) => void res.writeHead(n === 1 ? 500 : 204).end());
    try {
      const f = await createTenantFixture(t.app);
      const hook = await request(t.http).post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(f.admin)).send({ url: `${receiver.origin}/hook`, eventTypes: ['plan.updated'] });
      expect(hook.status).toBe(201);
      const { householdId, etag } = await partnerCase(t, f);
      await editPlan(t.http, f.supervisor.token, householdId, etag, 1);
      await waitFor('the first attempt (answered 500)', async () => (receiver.received.length >= 1 ? true : undefined), 30_000, 100);
      const ds = systemDb(t.app);
      const status = async () => (await ds.query<Array<{ status: string }>>(`SELECT status FROM webhook_delivery WHERE subscription_id = $1`, [hook.body.id]))[0]?.status;
      await waitFor('the attempt recorded', async () => ((await ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM webhook_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id WHERE d.subscription_id = $1`, [hook.body.id]))[0]!.n >= 1 ? true : undefined), 10_000, 100);
      expect(await status()).toBe('pending');

      const client = new Redis(redis.url);
      await client.flushall();
      client.disconnect();
      await waitFor('the delivery after the reset', async () => ((await status()) === 'succeeded' ? true : undefined), 30_000, 200);
      expect(receiver.received).toHaveLength(2);
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    } finally {
      await receiver.close();
      await t.close();
    }
  }, 120_000);
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
