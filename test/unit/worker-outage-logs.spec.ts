import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { AuditSealer } from '../../src/audit/audit-sealer.service.js';
import { loadConfig } from '../../src/config/app-config.js';
import { OutboxRelay } from '../../src/events/outbox-relay.service.js';
import type { OutboxDispatchRepository } from '../../src/events/outbox-dispatch.repository.js';
import type { QueueBackend } from '../../src/queue/queue-backend.js';

/**
 * What a worker logs while the database or the queue is down (an outside fault run: with PostgreSQL stopped the relay
 * said "queue unavailable" — pointing operators at a healthy Redis — and the sealer logged an error every round).
 */
const config = loadConfig({ NODE_ENV: 'test' });
let warnings: string[];
let errors: string[];
let infos: string[];
beforeEach(() => {
  warnings = [];
  errors = [];
  infos = [];
  jest.spyOn(Logger.prototype, 'warn').mockImplementation((_fields: unknown, message?: unknown) => void warnings.push(String(message)));
  jest.spyOn(Logger.prototype, 'error').mockImplementation((_fields: unknown, message?: unknown) => void errors.push(String(message)));
  jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void infos.push(String(message)));
});
afterEach(() => jest.restoreAllMocks());

function relayWith(failure: 'database' | 'queue'): OutboxRelay {
  const outbox = {
    transaction: async (work: (manager: unknown) => Promise<number>) => {
      if (failure === 'database') throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5491'), { code: 'ECONNREFUSED' });
      return work({});
    },
    claimBatch: async () => [{ id: '1', type: 'plan.updated' }],
    markDispatched: async () => undefined,
  } as unknown as OutboxDispatchRepository;
  const queues = { queue: () => ({ addBulk: async () => Promise.reject(new Error('Connection is closed.')) }) } as unknown as QueueBackend;
  return new OutboxRelay(config, outbox, queues);
}

describe('the outbox relay names the side that failed', () => {
  it('the database: "database unavailable", not the queue', async () => {
    await relayWith('database').drain();
    expect(warnings).toEqual(['database unavailable; the outbox cannot be read, events wait in it']);
  });

  it('the queue: "queue unavailable"', async () => {
    await relayWith('queue').drain();
    expect(warnings).toEqual(['queue unavailable; events stay in the outbox']);
  });
});

describe('the audit sealer logs an outage once', () => {
  it('one error while it lasts, one line when it is over', async () => {
    jest.useFakeTimers();
    try {
      const sealer = new AuditSealer({ ...config, processRole: 'worker' } as typeof config, {} as never, {} as never, {} as never);
      let down = true;
      jest.spyOn(sealer, 'sealNow').mockImplementation(() => (down ? Promise.reject(new Error('Connection terminated')) : Promise.resolve({ sealed: 0, checkpoints: 0 })));
      sealer.onApplicationBootstrap();
      for (let round = 0; round < 5; round++) await jest.advanceTimersByTimeAsync(config.audit.sealEveryMs);
      expect(errors).toEqual(['audit sealing failed; retrying every round until it works']);
      down = false;
      for (let round = 0; round < 3; round++) await jest.advanceTimersByTimeAsync(config.audit.sealEveryMs);
      expect(infos.filter((line) => line.includes('audit sealing'))).toEqual(['audit sealing works again']);
      await sealer.beforeApplicationShutdown();
    } finally {
      jest.useRealTimers();
    }
  });
});
