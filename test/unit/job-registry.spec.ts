import { handlerProblems } from '../../src/queue/job-workers.js';
import { JOB_KEYS, JOBS, jobKeyOf, QUEUES } from '../../src/queue/jobs.js';
import { loadConfig } from '../../src/config/app-config.js';

const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://localhost/none', DEMO_DATA: 'false' });
const oneEach = () => JOB_KEYS.map((job) => ({ job, backoff: () => 1 }));

describe('the job registry', () => {
  it('lets the application start when every job has exactly one handler', () => {
    expect(handlerProblems(JOB_KEYS, oneEach(), ['deliver'])).toEqual([]);
  });

  it('refuses a job nobody runs, a job run twice, a handler without a job and a custom backoff without its function', () => {
    const handlers = oneEach().filter((h) => h.job !== 'email');
    expect(handlerProblems(JOB_KEYS, handlers)).toEqual(['job "email" has no handler']);
    expect(handlerProblems(JOB_KEYS, [...oneEach(), { job: 'deliver', backoff: () => 1 }])).toEqual(['job "deliver" has 2 handlers']);
    expect(handlerProblems(JOB_KEYS, [...oneEach(), { job: 'send-fax', backoff: () => 1 }])).toEqual(['handler for "send-fax", which is not a registered job']);
    expect(handlerProblems(JOB_KEYS, oneEach().map((h) => (h.job === 'deliver' ? { job: h.job } : h)), ['deliver'])).toEqual(['job "deliver" has a custom backoff but its handler gives none']);
  });

  it.each(JOB_KEYS)('gives %s explicit attempts, backoff and cleanup, so no queue grows without bound', (key) => {
    const options = JOBS[key].options(config);
    expect(options.attempts).toBeGreaterThan(0);
    expect(options.backoff).toBeDefined();
    expect(options.removeOnComplete).toBeDefined();
    expect(options.removeOnFail).toBeDefined();
  });

  it('routes every job on a queue to its registered job', () => {
    expect(jobKeyOf(QUEUES.events, { name: 'plan.updated', data: { eventId: '1' } })).toBe('fan-out');
    expect(jobKeyOf(QUEUES.webhooks, { name: 'deliver', data: { deliveryId: 'd' } })).toBe('deliver');
    expect(jobKeyOf(QUEUES.emails, { name: 'email', data: { notificationId: 'n' } })).toBe('email');
    expect(jobKeyOf(QUEUES.maintenance, { name: 'emit-overdue-actions', data: { task: 'emit-overdue-actions' } })).toBe('emit-overdue-actions');
    // jobs of the time before tasks were named carry none: they were stall evaluations
    expect(jobKeyOf(QUEUES.maintenance, { name: 'evaluate-stalled-cases', data: {} })).toBe('evaluate-stalled-cases');
    expect(jobKeyOf(QUEUES.webhooks, { name: 'unknown', data: {} })).toBeUndefined();
  });
});
