import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { TransactionHost } from '../database/transaction-host.js';
import { IdempotencySweeper } from '../idempotency/idempotency-sweeper.js';
import { DeadLetterService } from '../queue/dead-letter.service.js';
import { QUEUES, type MaintenanceJob } from '../queue/jobs.js';
import { QueueBackend } from '../queue/queue-backend.js';
import { MetricsService } from '../operations/metrics.service.js';
import { ActionOverdueService } from '../supervision/overdue/action-overdue.service.js';
import { StallEvaluationService } from '../supervision/stalled/stall-evaluation.service.js';
import { schedules, type Schedule } from './schedules.js';

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
export class MaintenanceScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private timer?: NodeJS.Timeout;
  private ensuring?: Promise<void>;
  private ensuredOnce = new Set<string>();
  private readonly handlers: Record<MaintenanceJob['task'], () => Promise<void>> = {
    'evaluate-stalled-cases': () => this.run(),
    'sweep-idempotency-records': () => this.sweepIdempotencyRecords(),
    'emit-overdue-actions': () => this.runOverdue(),
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueBackend,
    private readonly stalls: StallEvaluationService,
    private readonly deadLetters: DeadLetterService,
    private readonly clock: Clock,
    private readonly tx: TransactionHost,
    private readonly idempotency: IdempotencySweeper,
    private readonly metrics: MetricsService,
    private readonly overdue: ActionOverdueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.processRole === 'api') return;
    await this.ensureSchedules();
    this.timer = setInterval(() => void this.ensureSchedules(), this.config.resilience.scheduleEnsureMs);
    this.timer.unref();
    this.queues.onStoreReset(() => void this.ensureSchedules());
    const worker = this.queues.worker<MaintenanceJob>(QUEUES.maintenance, (job) => this.handle(job), { concurrency: 1 });
    worker.on('failed', (job, error) => void this.deadLetters.recordIfFinal(QUEUES.maintenance, job, error, null).catch(() => undefined));
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
      results = await this.tx.runAsSystem(() => this.stalls.evaluateAllTenants(this.clock.now()));
    } catch (error) {
      // counted and logged here (ids and SQLSTATEs only), then rethrown so BullMQ retries and dead-letters it
      this.metrics.recordScheduledJobFailure('evaluate-stalled-cases');
      const failures = error instanceof AggregateError ? (error.errors as unknown[]) : [error];
      this.logger.error({ task: 'evaluate-stalled-cases', failedTenants: failures.map(failureSummary) }, 'scheduled stall evaluation failed');
      throw error;
    }
    this.logger.log({ tenants: results.length, entered: results.reduce((n, r) => n + r.entered, 0) }, 'stall evaluation done');
  }

  async runOverdue(): Promise<void> {
    const results = await this.tx.runAsSystem(() => this.overdue.emitForAllTenants(this.clock.now()));
    this.logger.log({ tenants: results.length, emitted: results.reduce((n, r) => n + r.emitted, 0) }, 'overdue-action check done');
  }

  private async sweepIdempotencyRecords(): Promise<void> {
    const removed = await this.idempotency.sweep();
    this.logger.log({ removed }, 'expired idempotency records swept');
  }

  /** One maintenance task, as its scheduled job runs it. */
  runTask(task: MaintenanceJob['task']): Promise<void> {
    const handler = this.handlers[task];
    if (!handler) throw new Error(`no handler for maintenance task ${String(task)}`);
    return handler();
  }

  private handle(job: Job<MaintenanceJob>): Promise<void> {
    // Jobs of the time before tasks were named carry no task: they were stall evaluations.
    return this.runTask(job.data?.task ?? 'evaluate-stalled-cases');
  }

  private async ensureAll(): Promise<void> {
    const queue = this.queues.queue<MaintenanceJob>(QUEUES.maintenance);
    for (const schedule of schedules(this.config)) {
      try {
        await this.ensure(queue, schedule);
      } catch (error) {
        this.logger.warn({ schedule: schedule.id, reason: (error as Error).message }, 'could not check a schedule; trying again shortly');
      }
    }
  }

  private async ensure(queue: Queue<MaintenanceJob>, schedule: Schedule): Promise<void> {
    const existing = await queue.getJobScheduler(schedule.id);
    const wanted = 'every' in schedule.repeat ? { every: schedule.repeat.every } : { pattern: schedule.repeat.pattern };
    const same = existing && ('every' in wanted ? Number(existing.every) === wanted.every : existing.pattern === wanted.pattern);
    if (same) {
      this.ensuredOnce.add(schedule.id);
      return;
    }
    await queue.upsertJobScheduler(schedule.id, wanted, {
      name: schedule.id,
      data: { task: schedule.task },
      opts: { attempts: schedule.attempts, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: 100, removeOnFail: 100 },
    });
    if (this.ensuredOnce.has(schedule.id) && !existing) this.logger.warn({ schedule: schedule.id }, 'schedule was missing from the queue store; restored');
    this.ensuredOnce.add(schedule.id);
  }
}

/** What failed, without messages (a database error's message may quote values): the tenant id and the SQLSTATE. */
function failureSummary(error: unknown): { tenantId?: string; name: string; code?: string } {
  const e = error as { name?: string; tenantId?: string; code?: string; driverError?: { code?: string }; cause?: unknown };
  return { tenantId: e.tenantId, name: typeof e.name === 'string' ? e.name : typeof error, code: e.code ?? e.driverError?.code };
}
