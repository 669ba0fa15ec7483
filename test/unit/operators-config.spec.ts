import { ConfigError, loadConfig } from '../../src/config/app-config.js';
import { describeDashboardWrite, isDashboardRead } from '../../src/operations/dashboard-actions.js';

const key32 = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const PRODUCTION = {
  NODE_ENV: 'production',
  AUTH_ISSUER: 'https://login.example.nl/realms/eenplan',
  AUTH_JWKS_URL: 'https://login.example.nl/realms/eenplan/certs',
  BSN_ENCRYPTION_KEYS: `k1:${key32(1)}`,
  BSN_HASH_KEY: key32(9),
  WEBHOOK_SECRET_KEYS: `wh1:${key32(3)}`,
  AUDIT_SEAL_KEY: key32(5),
  AUDIT_CHECKPOINT_KEY: JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' }),
};

describe('platform operators in the configuration', () => {
  it('has the queue dashboard off in production unless QUEUE_DASHBOARD=true, and on in development and tests', () => {
    expect(loadConfig(PRODUCTION).operators.queueDashboard).toBe(false);
    expect(loadConfig({ ...PRODUCTION, QUEUE_DASHBOARD: 'true' }).operators.queueDashboard).toBe(true);
    expect(loadConfig({}).operators.queueDashboard).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).operators.queueDashboard).toBe(true);
    expect(loadConfig({ QUEUE_DASHBOARD: 'false' }).operators.queueDashboard).toBe(false);
  });

  it('names no operator with a real identity provider unless PLATFORM_OPERATOR_SUBJECTS does; the development issuer has one', () => {
    expect(loadConfig(PRODUCTION).operators.subjects).toEqual([]);
    expect(loadConfig({ ...PRODUCTION, PLATFORM_OPERATOR_SUBJECTS: ' a1b2 , c3d4,a1b2 ' }).operators.subjects).toEqual(['a1b2', 'c3d4']);
    expect(loadConfig({}).operators).toMatchObject({ subjects: ['dev-operator'], audience: 'eenplan-operations' });
  });

  it('refuses an operator audience equal to the API audience, and a dashboard switch that is not a boolean', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return error instanceof ConfigError ? error.problems : [String(error)];
      }
    };
    expect(problems({ OPERATOR_AUDIENCE: 'eenplan-api' })).toEqual([expect.stringContaining('OPERATOR_AUDIENCE must differ from AUTH_AUDIENCE')]);
    expect(problems({ AUTH_AUDIENCE: 'x', OPERATOR_AUDIENCE: 'x' })).toHaveLength(1);
    expect(problems({ QUEUE_DASHBOARD: 'sometimes' })).toEqual(['QUEUE_DASHBOARD must be true or false']);
  });
});

describe('what a queue dashboard write does, for the operations log', () => {
  it.each([
    ['PUT', '/api/queues/pause', { action: 'queues.pause_all' }],
    ['PUT', '/api/queues/events/pause', { action: 'queue.pause', queue: 'events' }],
    ['PUT', '/api/queues/events/resume', { action: 'queue.resume', queue: 'events' }],
    ['PUT', '/api/queues/webhooks/retry/failed', { action: 'queue.retry_all', queue: 'webhooks' }],
    ['PUT', '/api/queues/webhooks/clean/completed', { action: 'queue.clean', queue: 'webhooks' }],
    ['PUT', '/api/queues/events/event-7/retry', { action: 'job.retry', queue: 'events', jobId: 'event-7' }],
    ['PUT', '/api/queues/events/event-7/clean', { action: 'job.remove', queue: 'events', jobId: 'event-7' }],
    ['PUT', '/api/queues/events/event-7/promote', { action: 'job.promote', queue: 'events', jobId: 'event-7' }],
    ['PUT', '/api/queues/maintenance/job-schedulers/stall/remove', { action: 'scheduler.remove', queue: 'maintenance' }],
    ['POST', '/api/queues/events/add', { action: 'job.add', queue: 'events', disabled: true }],
    ['PATCH', '/api/queues/events/event-7/update-data', { action: 'job.update_data', queue: 'events', jobId: 'event-7', disabled: true }],
    ['PUT', '/api/something/new', { action: 'dashboard.write' }],
  ])('%s %s', (method, path, expected) => {
    expect(describeDashboardWrite(method, path)).toEqual(expected);
  });

  it('treats GET, HEAD and OPTIONS as reads and everything else as a write', () => {
    expect(['GET', 'head', 'OPTIONS'].every(isDashboardRead)).toBe(true);
    expect(['PUT', 'POST', 'PATCH', 'DELETE'].some(isDashboardRead)).toBe(false);
  });
});
