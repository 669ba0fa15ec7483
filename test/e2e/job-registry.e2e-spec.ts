import { JobWorkers } from '../../src/queue/job-workers.js';
import { JOB_KEYS } from '../../src/queue/jobs.js';
import { startTestApp, type TestApp } from './harness/index.js';

describe('the job registry at start-up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('the application registers exactly one handler for every job in the registry, and none besides', () => {
    const handled = t.app.get(JobWorkers).handledJobs();
    expect([...handled].sort()).toEqual([...JOB_KEYS].sort());
  });

  it('a second handler for a job stops the start-up with the reason', () => {
    const workers = t.app.get(JobWorkers);
    workers.register({ job: 'deliver', handle: async () => undefined, backoff: () => 1_000 });
    expect(() => workers.onApplicationBootstrap()).toThrow('job "deliver" has 2 handlers');
  });
});
