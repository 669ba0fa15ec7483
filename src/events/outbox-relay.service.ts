import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { jobIds, QUEUES, type EventJob } from '../queue/jobs.js';
import { QueueBackend } from '../queue/queue-backend.js';
import { OutboxDispatchRepository } from './outbox-dispatch.repository.js';

const BATCH = 500;
const ENQUEUE_TIMEOUT_MS = 5_000;

/**
 * Moves outbox rows to the `events` queue. A row is marked dispatched in the same transaction that claimed it,
 * and only after the queue accepted the job: if the queue's store is down the transaction rolls back and the
 * row waits. Woken by LISTEN/NOTIFY on every outbox insert, with a slow poll as a safety net; several replicas
 * can run it (FOR UPDATE SKIP LOCKED), and job ids derived from event ids keep a double dispatch harmless.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private listener?: pg.Client;
  private timers: NodeJS.Timeout[] = [];
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private failures = 0;
  private pausedUntil = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxDispatchRepository,
    private readonly queues: QueueBackend,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.processRole === 'api') return;
    await this.listen();
    this.timers.push(setInterval(() => this.wake(), this.config.relay.pollMs));
    this.timers.push(setInterval(() => void this.sweep(), Math.max(1_000, Math.floor(this.config.relay.sweepAfterMs / 2))));
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
  }

  /** Coalesces wake-ups: at most one drain runs, and one more follows if woken meanwhile. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Drains until the outbox is empty or the queue refuses; returns when done (tests and benchmarks await it). */
  async drain(): Promise<void> {
    if (Date.now() < this.pausedUntil) return;
    try {
      let moved: number;
      do {
        moved = await this.outbox.transaction(async (manager) => {
          const batch = await this.outbox.claimBatch(manager, BATCH);
          if (batch.length === 0) return 0;
          const jobs = batch.map((e) => ({
            name: e.type,
            data: { eventId: e.id } satisfies EventJob,
            opts: { jobId: jobIds.event(e.id), attempts: 10, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: { age: 3_600, count: 10_000 }, removeOnFail: { age: 7 * 86_400 } },
          }));
          await withTimeout(this.queues.queue<EventJob>(QUEUES.events).addBulk(jobs), ENQUEUE_TIMEOUT_MS);
          await this.outbox.markDispatched(manager, batch.map((e) => e.id));
          return batch.length;
        });
        if (this.failures > 0) this.logger.log('queue reachable again; relaying the waiting events');
        this.failures = 0;
      } while (moved === BATCH && !this.stopped);
    } catch (error) {
      this.failures += 1;
      this.pausedUntil = Date.now() + Math.min(250 * 2 ** this.failures, 5_000);
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.logger.warn({ reason: (error as Error).message, failures: this.failures }, 'queue unavailable; events stay in the outbox');
      }
    }
  }

  private async sweep(): Promise<void> {
    try {
      const released = await this.outbox.releaseStale(this.config.relay.sweepAfterMs);
      if (released > 0) {
        this.logger.warn({ released }, 'dispatched events were never processed; relaying them again');
        this.wake();
      }
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message }, 'outbox sweep failed');
    }
  }

  private async listen(): Promise<void> {
    try {
      const client = new pg.Client({ connectionString: this.config.database.logins?.workerUrl ?? this.config.databaseUrl, application_name: 'eenplan-relay' });
      client.on('notification', () => this.wake());
      client.on('error', (error) => {
        this.logger.warn({ reason: error.message }, 'outbox listener lost; falling back to polling until restart');
        this.listener = undefined;
      });
      await client.connect();
      await client.query('LISTEN outbox_event');
      this.listener = client;
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message }, 'could not LISTEN for outbox events; polling only');
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`queue did not accept the jobs within ${ms} ms`)), ms);
    }),
  ]);
}
