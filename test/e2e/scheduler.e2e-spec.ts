import { jest } from '@jest/globals';
import { QUEUES, type MaintenanceJob } from '../../src/queue/jobs.js';
import { QueueBackend } from '../../src/queue/queue-backend.js';
import { StallEvaluationService } from '../../src/supervision/stalled/stall-evaluation.service.js';
import { createTenantFixture, startTestApp, uniqueSuffix, type TestApp } from './harness/index.js';

describe('the stall-evaluation schedule', () => {
  afterEach(() => jest.restoreAllMocks());

  it('runs once per interval across two replicas, not once per replica', async () => {
    // The schedule is what is counted, so a run returns at once: a real one walks every municipality in the shared
    // test database (thousands by the end of the suite) and would outlast the interval, holding the next job back —
    // the count would measure the database's size. Spied on the class before the replicas start, so that a job
    // taken during start-up is counted too.
    const runs = jest.spyOn(StallEvaluationService.prototype, 'evaluateAllTenants').mockResolvedValue([]);
    const env = { PROCESS_ROLE: 'all', QUEUE_PREFIX: `sch${uniqueSuffix()}`, STALL_EVALUATION_EVERY_MS: '1500', RELAY_POLL_MS: '1000' };
    const replicas: TestApp[] = [await startTestApp(env), await startTestApp(env)];
    try {
      runs.mockClear();
      await new Promise((resolve) => setTimeout(resolve, 7_600));
      // 7.6 s at one run per 1.5 s is about five runs in all; a schedule per replica would give about ten.
      expect(runs.mock.calls.length).toBeGreaterThanOrEqual(3);
      expect(runs.mock.calls.length).toBeLessThanOrEqual(6);
    } finally {
      for (const replica of replicas) await replica.close();
    }
  }, 60_000);

  it('lets a run that is under way finish its municipality when the process shuts down, stops there, and is retried', async () => {
    const seed = await startTestApp();
    try {
      // at least three municipalities to walk, whatever else the shared database holds
      for (let i = 0; i < 3; i++) await createTenantFixture(seed.app, `Stopgemeente ${uniqueSuffix()}`);
    } finally {
      await seed.close();
    }
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the instance as `this`
    const evaluateTenant = StallEvaluationService.prototype.evaluateTenant;
    const outcomes: Array<'done' | 'failed'> = [];
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    // each municipality takes a moment, so the shutdown lands in the middle of a walk
    jest.spyOn(StallEvaluationService.prototype, 'evaluateTenant').mockImplementation(async function (this: StallEvaluationService, ...args) {
      started();
      await new Promise((resolve) => setTimeout(resolve, 300));
      try {
        const result = await evaluateTenant.apply(this, args);
        outcomes.push('done');
        return result;
      } catch (error) {
        outcomes.push('failed');
        throw error;
      }
    });
    const walk = jest.spyOn(StallEvaluationService.prototype, 'evaluateAllTenants');
    const prefix = `sst${uniqueSuffix()}`;
    const replica = await startTestApp({ PROCESS_ROLE: 'all', QUEUE_PREFIX: prefix, STALL_EVALUATION_EVERY_MS: '60000', RELAY_POLL_MS: '1000' });
    await firstStarted;
    await replica.close();

    // the municipality in hand was evaluated on open connections; none failed because the pools had closed
    expect(outcomes.length).toBeGreaterThanOrEqual(1);
    expect(outcomes).not.toContain('failed');
    // the walk ended there instead of going through every municipality before the process could stop …
    expect(outcomes.length).toBeLessThanOrEqual(2);
    expect(walk).toHaveBeenCalledTimes(1);
    await expect(walk.mock.results[0]?.value).rejects.toMatchObject({ name: 'AbortError' });
    // … and its job waits to be retried (by another replica, or this one after its restart), not dropped until the
    // next interval
    jest.restoreAllMocks();
    const probe = await startTestApp({ QUEUE_PREFIX: prefix });
    try {
      const jobs = await probe.app.get(QueueBackend).queue<MaintenanceJob>(QUEUES.maintenance).getJobs(['delayed', 'wait', 'failed']);
      const retried = jobs.filter((job) => job.data.task === 'evaluate-stalled-cases' && job.attemptsMade === 1);
      expect(retried).toHaveLength(1);
      expect(await retried[0]!.getState()).toBe('delayed');
    } finally {
      await probe.close();
    }
  }, 60_000);
});
