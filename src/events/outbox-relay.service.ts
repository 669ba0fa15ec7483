import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { logAfterGrace, warnUnlessStopping } from '../common/process-stopping.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { jobIds, jobOptions, QUEUES, type EventJob } from '../queue/jobs.js';
import { QueueBackend } from '../queue/queue-backend.js';
import { OutboxDispatchRepository } from './outbox-dispatch.repository.js';
import { OUTBOX_CHANNEL } from './outbox-wake-up.js';

const BATCH = 500;
const ENQUEUE_TIMEOUT_MS = 5_000;

/**
 * Moves outbox rows to the `events` queue. A row is marked dispatched in the same transaction that claimed it,
 * and only after the queue accepted the job: if the queue's store is down the transaction rolls back and the
 * row waits. Woken by LISTEN/NOTIFY after every commit that wrote outbox rows (`OutboxWakeUp`), with a poll as a
 * safety net; several replicas can run it (FOR UPDATE SKIP LOCKED), and job ids derived from event ids keep a double
 * dispatch harmless.
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
  private listenAttempts = 0;
  private listenRetry?: NodeJS.Timeout;
  private releasing?: Promise<void>;

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
    // Redis came back empty: the jobs of dispatched-but-unprocessed events are gone, so hand them back now
    // rather than after RELAY_SWEEP_AFTER_MS. Job ids derived from event ids make the re-relay harmless for
    // events whose jobs did survive.
    this.queues.onStoreReset(() => void this.releaseAfterStoreReset());
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.listenRetry);
    await this.running;
    await this.releasing;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Whether LISTEN is active (else only the poll wakes the relay); for metrics. */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  private releaseAfterStoreReset(): Promise<void> {
    this.releasing ??= (async () => {
      try {
        let released = 0;
        for (let batch = await this.outbox.releaseStale(0); batch > 0; batch = await this.outbox.releaseStale(0)) {
          released += batch;
          if (batch < 1000 || this.stopped) break;
        }
        this.logger.warn({ released }, 'queue store was reset; relaying dispatched but unprocessed events again');
        this.wake();
      } catch (error) {
        this.logger.warn({ reason: (error as Error).message }, 'could not release events after the queue store reset; the sweep will');
      }
    })().finally(() => (this.releasing = undefined));
    return this.releasing;
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
            opts: jobOptions('fan-out', this.config, jobIds.event(e.id, e.occurredUs)),
          }));
          await withTimeout(this.queues.queue<EventJob>(QUEUES.events).addBulk(jobs), ENQUEUE_TIMEOUT_MS).catch((error: unknown) => {
            throw new QueueRefused(error);
          });
          await this.outbox.markDispatched(manager, batch.map((e) => e.id));
          return batch.length;
        });
        if (this.failures > 0) this.logger.log('relaying again; the waiting events go to the queue');
        this.failures = 0;
      } while (moved === BATCH && !this.stopped);
    } catch (error) {
      this.failures += 1;
      this.pausedUntil = Date.now() + Math.min(250 * 2 ** this.failures, 5_000);
      if (this.failures === 1 || this.failures % 20 === 0) {
        // which side failed decides where an operator looks: the queue store, or the database the outbox is in
        if (error instanceof QueueRefused) this.logger.warn({ reason: error.message, failures: this.failures }, 'queue unavailable; events stay in the outbox');
        else this.logger.warn({ reason: (error as Error).message, failures: this.failures }, 'database unavailable; the outbox cannot be read, events wait in it');
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

  /**
   * LISTEN on a dedicated connection. When it drops (PostgreSQL restarted, a failover, a network cut) it is opened
   * again with backoff (0.25 s doubling to 5 s); the poll covers the gap, and a drain right after re-subscribing
   * picks up whatever was committed meanwhile.
   */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.config.database.logins?.workerUrl ?? this.config.databaseUrl, application_name: 'eenplan-relay' });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      warnUnlessStopping(this.logger, { reason }, 'outbox listener lost; polling and re-subscribing');
      this.scheduleListen();
    };
    client.on('notification', () => this.wake());
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (lost || this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.listener = client;
      if (this.listenAttempts > 0) logAfterGrace(this.logger, { attempts: this.listenAttempts }, 'outbox listener re-subscribed');
      this.listenAttempts = 0;
      this.wake();
    } catch (error) {
      if (!lost) {
        lost = true;
        client.end().catch(() => undefined);
        if (this.listenAttempts === 0 || this.listenAttempts % 20 === 0) this.logger.warn({ reason: (error as Error).message }, 'could not LISTEN for outbox events; polling and trying again');
        this.scheduleListen();
      }
    }
  }

  private scheduleListen(): void {
    if (this.stopped || this.listenRetry) return;
    this.listenAttempts += 1;
    const delay = Math.min(250 * 2 ** (this.listenAttempts - 1), 5_000);
    this.listenRetry = setTimeout(() => {
      this.listenRetry = undefined;
      void this.listen();
    }, delay);
    this.listenRetry.unref();
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

/** The queue refused or did not take the events in time (as opposed to the database the outbox lives in). */
class QueueRefused extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'QueueRefused';
  }
}
