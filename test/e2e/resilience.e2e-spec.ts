import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import request from 'supertest';
import { QUEUES } from '../../src/queue/jobs.js';
import { QueueBackend } from '../../src/queue/queue-backend.js';
import { StallEvaluationService } from '../../src/supervision/stalled/stall-evaluation.service.js';
import { bearer, createTenantFixture, startTestApp, systemDb, uniqueSuffix, type TenantFixture, type TestApp } from './harness/index.js';
import { partnerCase, partnerItems, reportRecovery } from './support/partner-case.js';
import { startEenplan, startRedis, type Child } from './support/processes.js';
import { waitFor } from './support/wait.js';

/**
 * Operational resilience (issue 15): the system heals itself after its stores misbehave, without a restart.
 * Each test measures the recovery time a user would notice and prints it, so the figures in docs/OPERATIONS.md
 * come from here.
 */

const children: Child[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill('SIGKILL')));
});

async function editPlan(t: TestApp, f: TenantFixture, householdId: string, etag: string, n: number): Promise<string> {
  let current = etag;
  for (let i = 0; i < n; i++) {
    const res = await request(t.http).patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor)).set('If-Match', current).send({ familyWishes: `Wens ${i}` });
    expect(res.status).toBe(200);
    current = res.headers.etag as string;
  }
  return current;
}

describe('when the queue store loses its data', () => {
  it('the stall-evaluation schedule is back within a minute, without a restart', async () => {
    const redis = await startRedis();
    children.push(redis);
    const t = await startTestApp({ PROCESS_ROLE: 'all', REDIS_URL: redis.url, QUEUE_PREFIX: `s${uniqueSuffix()}`, STALL_EVALUATION_EVERY_MS: '1000' });
    const admin = new Redis(redis.url);
    try {
      const evaluations = jest.spyOn(t.app.get(StallEvaluationService), 'evaluateAllTenants');
      await waitFor('a scheduled stall evaluation', async () => evaluations.mock.calls.length > 0, 20_000, 100);
      await new Promise((resolve) => setTimeout(resolve, 500));

      await admin.flushall();
      const flushedAt = Date.now();
      evaluations.mockClear();
      await waitFor('a stall evaluation after the flush', async () => evaluations.mock.calls.length > 0, 60_000, 100);
      reportRecovery('stall schedule back after FLUSHALL', Date.now() - flushedAt);
      expect(Date.now() - flushedAt).toBeLessThan(60_000);
      expect(await t.app.get(QueueBackend).queue(QUEUES.maintenance).getJobScheduler('evaluate-stalled-cases')).toBeTruthy();
    } finally {
      admin.disconnect();
      await t.close();
    }
  }, 120_000);

  it('events whose jobs were lost reach the inbox within 15 s of Redis coming back empty', async () => {
    const redis = await startRedis();
    children.push(redis);
    // The sweep window at its default (60 s): only noticing the empty store can explain a fast recovery.
    const t = await startTestApp({ PROCESS_ROLE: 'all', REDIS_URL: redis.url, QUEUE_PREFIX: `r${uniqueSuffix()}`, RELAY_POLL_MS: '200' });
    try {
      const f = await createTenantFixture(t.app);
      const { householdId, etag } = await partnerCase(t, f);
      const ds = systemDb(t.app);
      // the app has seen the store once (its marker) before anything goes wrong
      await new Promise((resolve) => setTimeout(resolve, 1_000));

      // The relay handed 20 events to Redis, which then died before the workers took them: the events are marked
      // dispatched in the outbox, their jobs exist nowhere.
      await redis.kill('SIGKILL');
      await editPlan(t, f, householdId, etag, 20);
      await ds.query(`UPDATE outbox_event SET dispatched_at = now() WHERE household_id = $1 AND type = 'plan.updated' AND dispatched_at IS NULL`, [householdId]);

      children.push(await startRedis(redis.port));
      const backAt = Date.now();
      await waitFor('20 notifications', async () => (await partnerItems(ds, householdId, f.partner.id)) >= 20, 120_000, 100);
      const took = Date.now() - backAt;
      reportRecovery('lost jobs re-relayed after Redis came back empty', took);
      expect(took).toBeLessThan(15_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await partnerItems(ds, householdId, f.partner.id)).toBe(20);
    } finally {
      await t.close();
    }
  }, 180_000);
});

describe('when a worker is killed', () => {
  it('with the default stalled-job settings its jobs run elsewhere within 30 s', async () => {
    const redis = await startRedis();
    children.push(redis);
    const prefix = `w${uniqueSuffix()}`;
    // No QUEUE_STALLED_INTERVAL_MS / QUEUE_LOCK_DURATION_MS: the defaults are what is measured. Slow fan-out is
    // not needed: jobs the killed worker held active stay locked until their lock expires.
    const env = { REDIS_URL: redis.url, QUEUE_PREFIX: prefix, QUEUE_CONCURRENCY: '5', RELAY_POLL_MS: '200' };
    const t = await startTestApp({ PROCESS_ROLE: 'api', REDIS_URL: redis.url, QUEUE_PREFIX: prefix });
    try {
      const f = await createTenantFixture(t.app);
      const { householdId, etag } = await partnerCase(t, f);
      await editPlan(t, f, householdId, etag, 150);
      const ds = systemDb(t.app);

      const first = await startEenplan('worker', env);
      children.push(first);
      await waitFor('the first worker to be busy', async () => (await partnerItems(ds, householdId, f.partner.id)) > 20, 60_000, 20);
      await first.kill('SIGKILL');
      const killedAt = Date.now();
      expect(await partnerItems(ds, householdId, f.partner.id)).toBeLessThan(150);

      children.push(await startEenplan('worker', env));
      await waitFor('all 150 notifications', async () => (await partnerItems(ds, householdId, f.partner.id)) >= 150, 120_000, 100);
      const took = Date.now() - killedAt;
      reportRecovery('killed worker: all jobs done elsewhere', took);
      expect(took).toBeLessThan(30_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await partnerItems(ds, householdId, f.partner.id)).toBe(150);
    } finally {
      await t.close();
    }
    // generous: setting up 150 edits and starting two processes is slow on a loaded machine; the bound that
    // matters is the 30 s from the kill above
  }, 360_000);
});
