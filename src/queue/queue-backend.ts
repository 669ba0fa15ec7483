import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import { createPostgresBackend, createRedisBackend, withBackend, type Job, type Queue, type Worker, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { warnUnlessStopping } from '../common/process-stopping.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { QueueName } from './jobs.js';

type Processor<T> = (job: Job<T>) => Promise<unknown>;

/**
 * BullMQ on Redis when REDIS_URL is set, otherwise on BullMQ's PostgreSQL backend in the application's database
 * (schema `bullmq_<prefix>`). Producers fail fast while the store is down (no offline queue), so the outbox
 * relay keeps events until the queue has really accepted them.
 */
@Injectable()
export class QueueBackend implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('QueueBackend');
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly redisClients: Redis[] = [];
  private readonly errorCounts = new Map<string, number>();
  private readonly resetListeners: Array<() => void> = [];
  private storeWatch?: { timer: NodeJS.Timeout; client: Redis; token?: string; checking: boolean };
  private readonly stop = new AbortController();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: TransactionHost,
  ) {}

  /**
   * Aborted when the application starts to shut down, before the workers close. A job that walks many items (every
   * municipality in turn) checks it between items and rejects with its reason, so closing waits for one item, not
   * the whole walk, and the job is retried (by another replica, or this one after its restart).
   */
  get stopping(): AbortSignal {
    return this.stop.signal;
  }

  get kind(): 'redis' | 'postgres' {
    return this.config.redisUrl ? 'redis' : 'postgres';
  }

  queue<T>(name: QueueName | `bench-${string}`): Queue<T> {
    const existing = this.queues.get(name);
    if (existing) return existing as unknown as Queue<T>;
    // Both backends expose the same Queue API; the PostgreSQL one differs only in its connection type.
    const queue =
      this.kind === 'redis'
        ? new (withBackend(createRedisBackend).Queue)<T>(name, { connection: this.redis(false), prefix: this.config.queue.prefix })
        : (new (withBackend(createPostgresBackend).Queue)<T>(name, { connection: this.postgresConnection() }) as unknown as Queue<T>);
    queue.on('error', (error: Error) => this.warnSometimes(`queue:${name}`, error, 'queue connection problem'));
    this.queues.set(name, queue as unknown as Queue);
    return queue;
  }

  /** Jobs are system work: their queries run on the worker pool (see TransactionHost.runAsSystem). */
  worker<T>(name: QueueName | `bench-${string}`, handle: Processor<T>, options: Partial<WorkerOptions> = {}): Worker<T> {
    const processor: Processor<T> = (job) => this.tx.runAsSystem(() => handle(job));
    const common = {
      concurrency: this.config.queue.concurrency,
      stalledInterval: this.config.queue.stalledIntervalMs,
      lockDuration: this.config.queue.lockDurationMs,
      ...options,
    };
    const worker =
      this.kind === 'redis'
        ? new (withBackend(createRedisBackend).Worker)<T>(name, processor, { ...common, connection: this.redis(true), prefix: this.config.queue.prefix })
        : (new (withBackend(createPostgresBackend).Worker)<T>(name, processor as never, { ...common, connection: this.postgresConnection() }) as unknown as Worker<T>);
    worker.on('error', (error: Error) => this.warnSometimes(`worker:${name}`, error, 'worker connection problem'));
    this.workers.push(worker as unknown as Worker);
    return worker;
  }

  /**
   * Calls `listener` whenever the queue store turns out to have lost its data (Redis flushed, or restarted without
   * persistence), so jobs and schedules can be put back at once instead of after the sweep window. The PostgreSQL
   * backend keeps its jobs in the application's database, which cannot lose them without losing the outbox too.
   */
  onStoreReset(listener: () => void): void {
    this.resetListeners.push(listener);
    if (this.kind !== 'redis' || this.storeWatch) return;
    const client = this.redis(false);
    const watch = { timer: setInterval(() => void this.checkStore(), this.config.resilience.queueStoreCheckMs), client, token: undefined as string | undefined, checking: false };
    watch.timer.unref();
    this.storeWatch = watch;
    // Check as soon as the connection is (re)established: the first check records the marker, and a reconnect
    // after a restart is the likeliest moment to find it gone.
    client.on('ready', () => void this.checkStore());
  }

  /**
   * A marker key holds a random token. Every process remembers the token it saw last: when the key is gone, the
   * first process to notice writes a new one (SET NX), and every process — including those that notice later —
   * sees a token different from its own and knows the store was reset. One GET per interval per process.
   */
  async checkStore(): Promise<void> {
    const watch = this.storeWatch;
    if (!watch || watch.checking) return;
    watch.checking = true;
    try {
      const key = `${this.config.queue.prefix}:store-marker`;
      let token = await watch.client.get(key);
      if (token === null) {
        await watch.client.set(key, randomUUID(), 'NX');
        token = await watch.client.get(key);
      }
      if (token !== null && watch.token !== undefined && token !== watch.token) {
        this.logger.warn('the queue store lost its data (flushed or restarted without persistence); restoring schedules and re-relaying events');
        for (const listener of this.resetListeners) listener();
      }
      if (token !== null) watch.token = token;
    } catch {
      // the store is down: the next check after it is back compares the marker
    } finally {
      watch.checking = false;
    }
  }

  /**
   * Workers close before any pool does (Nest runs every `beforeApplicationShutdown` before the first
   * `onApplicationShutdown`): a running job finishes on open connections instead of failing half-way and being
   * retried. `close()` takes no new job and waits for the running ones.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await Promise.allSettled(this.workers.map((w) => w.close()));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.storeWatch) clearInterval(this.storeWatch.timer);
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    for (const client of this.redisClients) client.disconnect();
  }

  /** During an outage clients report every reconnect attempt: log the first and then every 100th. */
  private warnSometimes(source: string, error: Error, message: string): void {
    const seen = (this.errorCounts.get(source) ?? 0) + 1;
    this.errorCounts.set(source, seen);
    if (seen === 1 || seen % 100 === 0) warnUnlessStopping(this.logger, { source, reason: error.message, occurrences: seen }, message);
  }

  private redis(forWorker: boolean): Redis {
    // Workers block on the connection and must wait out outages; producers must fail fast instead.
    const client = new Redis(this.config.redisUrl!, {
      maxRetriesPerRequest: forWorker ? null : 1,
      enableOfflineQueue: forWorker,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    client.on('error', () => undefined);
    this.redisClients.push(client);
    return client;
  }

  private postgresConnection() {
    // the worker login: queue tables hold ids only, and the worker role owns their schema (migration 1764400300000)
    const url = this.config.database.logins?.workerUrl ?? this.config.databaseUrl!;
    return { connectionString: url, connectionTimeoutMillis: this.config.database.connectTimeoutMs, schema: `bullmq_${this.config.queue.prefix.replace(/-/g, '_')}`, migrate: true, max: 4 };
  }
}
