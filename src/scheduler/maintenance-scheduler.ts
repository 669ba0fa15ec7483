import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { TransactionHost } from '../database/transaction-host.js';
import { IdempotencySweeper } from '../idempotency/idempotency-sweeper.js';
import { DeadLetterService } from '../queue/dead-letter.service.js';
import { QUEUES, type MaintenanceJob } from '../queue/jobs.js';
import { QueueBackend } from '../queue/queue-backend.js';
import { MetricsService } from '../operations/metrics.service.js';
import { StallEvaluationService } from '../supervision/stalled/stall-evaluation.service.js';

const STALL_SCHEDULER_ID = 'evaluate-stalled-cases';
const IDEMPOTENCY_SWEEP_SCHEDULER_ID = 'sweep-idempotency-records';
/** Stored Idempotency-Key answers live 24 hours; swept every 10 minutes, none outlives that by much. */
const IDEMPOTENCY_SWEEP_EVERY_MS = 10 * 60_000;

/**
 * Scheduled housekeeping through a BullMQ job scheduler: every worker process upserts the same scheduler id, and
 * BullMQ produces one job per interval across all replicas, which exactly one worker runs. The evaluation itself
 * also takes a per-tenant advisory lock, so an on-demand run at the same moment cannot double its events.
 */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Scheduler');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueBackend,
    private readonly stalls: StallEvaluationService,
    private readonly deadLetters: DeadLetterService,
    private readonly clock: Clock,
    private readonly tx: TransactionHost,
    private readonly idempotency: IdempotencySweeper,
    private readonly metrics: MetricsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.processRole === 'api') return;
    const queue = this.queues.queue<MaintenanceJob>(QUEUES.maintenance);
    try {
      await queue.upsertJobScheduler(
        STALL_SCHEDULER_ID,
        { every: this.config.stallEvaluationEveryMs },
        { name: STALL_SCHEDULER_ID, data: { task: 'evaluate-stalled-cases' }, opts: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: 100, removeOnFail: 100 } },
      );
    } catch (error) {
      // The queue store may be down at boot; the scheduler is upserted again at the next start.
      this.logger.warn({ reason: (error as Error).message }, 'could not register the stall-evaluation schedule');
    }
    try {
      await queue.upsertJobScheduler(
        IDEMPOTENCY_SWEEP_SCHEDULER_ID,
        { every: IDEMPOTENCY_SWEEP_EVERY_MS },
        { name: IDEMPOTENCY_SWEEP_SCHEDULER_ID, data: { task: 'sweep-idempotency-records' }, opts: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: 100, removeOnFail: 100 } },
      );
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message }, 'could not register the idempotency-record sweep schedule');
    }
    const worker = this.queues.worker<MaintenanceJob>(QUEUES.maintenance, (job) => this.runTask(job.data.task), { concurrency: 1 });
    worker.on('failed', (job, error) => void this.deadLetters.recordIfFinal(QUEUES.maintenance, job, error, null).catch(() => undefined));
  }

  /** One scheduled job; every task of the maintenance queue is handled here. */
  async runTask(task: MaintenanceJob['task']): Promise<void> {
    switch (task) {
      case 'evaluate-stalled-cases':
        return this.run();
      case 'sweep-idempotency-records': {
        const removed = await this.idempotency.sweep();
        this.logger.log({ removed }, 'expired idempotency records swept');
        return;
      }
    }
  }

  async run(): Promise<void> {
    let results;
    try {
      results = await this.tx.runAsSystem(() => this.stalls.evaluateAllTenants(this.clock.now()));
    } catch (error) {
      // counted and logged here (ids and SQLSTATEs only), then rethrown so BullMQ retries and dead-letters it
      this.metrics.recordScheduledJobFailure(STALL_SCHEDULER_ID);
      const failures = error instanceof AggregateError ? (error.errors as unknown[]) : [error];
      this.logger.error({ task: STALL_SCHEDULER_ID, failedTenants: failures.map(failureSummary) }, 'scheduled stall evaluation failed');
      throw error;
    }
    this.logger.log({ tenants: results.length, entered: results.reduce((n, r) => n + r.entered, 0) }, 'stall evaluation done');
  }
}

/** What failed, without messages (a database error's message may quote values): the tenant id and the SQLSTATE. */
function failureSummary(error: unknown): { tenantId?: string; name: string; code?: string } {
  const e = error as { name?: string; tenantId?: string; code?: string; driverError?: { code?: string }; cause?: unknown };
  return { tenantId: e.tenantId, name: typeof e.name === 'string' ? e.name : typeof error, code: e.code ?? e.driverError?.code };
}
