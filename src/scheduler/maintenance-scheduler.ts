import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Clock } from '../common/clock.js';
import { sqlState } from '../common/sql-state.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { TransactionHost } from '../database/transaction-host.js';
import { IdempotencySweeper } from '../idempotency/idempotency-sweeper.js';
import { JobWorkers } from '../queue/job-workers.js';
import { jobOptions, JOBS, QUEUES, type MaintenanceJob, type MaintenanceTask } from '../queue/jobs.js';
import { QueueBackend } from '../queue/queue-backend.js';
import { MetricsService } from '../operations/metrics.service.js';
import { ActionOverdueService } from '../supervision/overdue/action-overdue.service.js';
import { RetentionEngine } from '../privacy/retention/retention-engine.service.js';
import { StallEvaluationService } from '../supervision/stalled/stall-evaluation.service.js';
import { schedules, type Schedule } from './schedules.js';

/** How long a start waits for the queue store to check the schedules before it goes on without it. */
const START_WAIT_MS = 3_000;

/**
 * Scheduled housekeeping through BullMQ job schedulers: every worker process upserts the same scheduler ids, and
 * BullMQ produces one job per interval across all replicas, which exactly one worker runs. The evaluation itself
 * also takes a per-tenant advisory lock, so an on-demand run at the same moment cannot double its events.
 *
 * Schedules live in the queue store, which can lose them (Redis flushed or restarted without persistence): each
 * worker therefore checks them every SCHEDULE_ENSURE_MS (one cheap read per schedule) and at once when the store
 * reports a reset, and puts back what is missing.
 */
@Injectable()
export class MaintenanceScheduler implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private timer?: NodeJS.Timeout;
  private ensuring?: Promise<void>;
  private ensuredOnce = new Set<string>();
  private readonly handlers: Record<MaintenanceTask, () => Promise<void>> = {
    'evaluate-stalled-cases': () => this.run(),
    'sweep-idempotency-records': () => this.sweepIdempotencyRecords(),
    'emit-overdue-actions': () => this.runOverdue(),
    'apply-retention': () => this.applyRetention(),
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueBackend,
    private readonly stalls: StallEvaluationService,
    private readonly workers: JobWorkers,
    private readonly clock: Clock,
    private readonly tx: TransactionHost,
    private readonly idempotency: IdempotencySweeper,
    private readonly metrics: MetricsService,
    private readonly overdue: ActionOverdueService,
    private readonly retention: RetentionEngine,
  ) {}

  /** One handler per maintenance job of the registry; JobWorkers runs them (one at a time, see QUEUE_CONCURRENCY). */
  onModuleInit(): void {
    for (const task of Object.keys(this.handlers) as MaintenanceTask[]) this.workers.register({ job: task, handle: () => this.runTask(task) });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.processRole === 'api') return;
    // waited for, but not past a few seconds: with the queue store unreachable its commands wait for it, and so would
    // the start — an `all` process would serve no request and say nothing (an outside probe). It goes on; the
    // schedules are checked when the store answers (the commands are queued) and again on every interval below.
    const ensured = this.ensureSchedules();
    const waited = await Promise.race([ensured.then(() => true), new Promise<false>((resolve) => setTimeout(resolve, START_WAIT_MS, false).unref())]);
    if (!waited) this.logger.warn({ waitedMs: START_WAIT_MS }, 'queue store (REDIS_URL) not answering; starting without it, schedules are checked once it answers');
    this.timer = setInterval(() => void this.ensureSchedules(), this.config.resilience.scheduleEnsureMs);
    this.timer.unref();
    this.queues.onStoreReset(() => void this.ensureSchedules());
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Puts back every schedule that is missing or differs from the list; never throws (the store may be down). */
  ensureSchedules(): Promise<void> {
    this.ensuring ??= this.ensureAll().finally(() => (this.ensuring = undefined));
    return this.ensuring;
  }

  async run(): Promise<void> {
    let results;
    try {
      results = await this.tx.runAsSystem(() => this.stalls.evaluateAllTenants(this.clock.now(), this.queues.stopping));
    } catch (error) {
      if (this.stoppedForShutdown(error, 'evaluate-stalled-cases')) throw error;
      // counted and logged here (ids and SQLSTATEs only), then rethrown so BullMQ retries and dead-letters it
      this.metrics.recordScheduledJobFailure('evaluate-stalled-cases');
      const failures = error instanceof AggregateError ? (error.errors as unknown[]) : [error];
      this.logger.error({ task: 'evaluate-stalled-cases', failedTenants: failures.map(failureSummary) }, 'scheduled stall evaluation failed');
      throw error;
    }
    this.logger.log({ tenants: results.length, entered: results.reduce((n, r) => n + r.entered, 0) }, 'stall evaluation done');
  }

  async runOverdue(): Promise<void> {
    let results;
    try {
      results = await this.tx.runAsSystem(() => this.overdue.emitForAllTenants(this.clock.now(), this.queues.stopping));
    } catch (error) {
      this.stoppedForShutdown(error, 'emit-overdue-actions');
      throw error;
    }
    this.logger.log({ tenants: results.length, emitted: results.reduce((n, r) => n + r.emitted, 0) }, 'overdue-action check done');
  }

  /** The daily retention run: every municipality's schedule applied, each category recorded in `retention_run`. */
  private async applyRetention(): Promise<void> {
    let reports;
    try {
      ({ reports } = await this.retention.run({ mode: 'apply', trigger: 'schedule', stop: this.queues.stopping }));
    } catch (error) {
      if (this.stoppedForShutdown(error, 'apply-retention')) throw error;
      // the engine logged each failed category (ids and SQLSTATEs); counted here, rethrown so BullMQ retries it
      this.metrics.recordScheduledJobFailure('apply-retention');
      throw error;
    }
    this.logger.log({ categories: reports.length, removed: reports.reduce((n, r) => n + r.removed, 0) }, 'retention applied');
  }

  private async sweepIdempotencyRecords(): Promise<void> {
    const removed = await this.idempotency.sweep();
    this.logger.log({ removed }, 'expired idempotency records swept');
  }

  /**
   * Whether a walk rejected because the process is shutting down (the queue's stop signal, thrown between
   * municipalities or, in retention, categories): not a failure — logged as such, not counted; the job is retried
   * (maintenance jobs' attempts and backoff), on another replica or after the restart, and walks again from the start.
   */
  private stoppedForShutdown(error: unknown, task: MaintenanceTask): boolean {
    const stopping = this.queues.stopping;
    if (!stopping.aborted || error !== stopping.reason) return false;
    this.logger.log({ task }, 'stopped for shutdown; the job is retried');
    return true;
  }

  /** One maintenance task, as its scheduled job runs it. */
  runTask(task: MaintenanceTask): Promise<void> {
    const handler = this.handlers[task];
    if (!handler) throw new Error(`no handler for maintenance task ${String(task)}`);
    return handler();
  }

  private async ensureAll(): Promise<void> {
    const queue = this.queues.queue<MaintenanceJob>(QUEUES.maintenance);
    for (const schedule of schedules(this.config)) {
      try {
        await this.ensure(queue, schedule);
      } catch (error) {
        this.logger.warn({ schedule: schedule.task, reason: (error as Error).message }, 'could not check a schedule; trying again shortly');
      }
    }
  }

  private async ensure(queue: Queue<MaintenanceJob>, schedule: Schedule): Promise<void> {
    const existing = await queue.getJobScheduler(schedule.task);
    const wanted = 'every' in schedule.repeat ? { every: schedule.repeat.every } : { pattern: schedule.repeat.pattern };
    const same = existing && ('every' in wanted ? Number(existing.every) === wanted.every : existing.pattern === wanted.pattern);
    if (same) {
      this.ensuredOnce.add(schedule.task);
      return;
    }
    await queue.upsertJobScheduler(schedule.task, wanted, { name: JOBS[schedule.task].name, data: { task: schedule.task }, opts: jobOptions(schedule.task, this.config) });
    if (this.ensuredOnce.has(schedule.task) && !existing) this.logger.warn({ schedule: schedule.task }, 'schedule was missing from the queue store; restored');
    this.ensuredOnce.add(schedule.task);
  }
}

/** What failed, without messages (a database error's message may quote values): the tenant id and the SQLSTATE. */
function failureSummary(error: unknown): { tenantId?: string; name: string; code?: string } {
  const e = error as { name?: string; tenantId?: string };
  return { tenantId: e.tenantId, name: typeof e.name === 'string' ? e.name : typeof error, code: sqlState(error) };
}
