import { jest } from '@jest/globals';
import { StallEvaluationService } from '../../src/supervision/stalled/stall-evaluation.service.js';
import { startTestApp, uniqueSuffix, type TestApp } from './harness/index.js';

describe('the stall-evaluation schedule', () => {
  it('runs once per interval across two replicas, not once per replica', async () => {
    const env = { PROCESS_ROLE: 'all', QUEUE_PREFIX: `sch${uniqueSuffix()}`, STALL_EVALUATION_EVERY_MS: '1500', RELAY_POLL_MS: '1000' };
    const replicas: TestApp[] = [await startTestApp(env), await startTestApp(env)];
    try {
      const spies = replicas.map((r) => jest.spyOn(r.app.get(StallEvaluationService), 'evaluateAllTenants'));
      await new Promise((resolve) => setTimeout(resolve, 7_600));
      const runs = spies.reduce((n, spy) => n + spy.mock.calls.length, 0);
      // 7.6 s at one run per 1.5 s is about five runs in all; a schedule per replica would give about ten.
      expect(runs).toBeGreaterThanOrEqual(3);
      expect(runs).toBeLessThanOrEqual(6);
    } finally {
      for (const replica of replicas) await replica.close();
    }
  }, 60_000);
});
