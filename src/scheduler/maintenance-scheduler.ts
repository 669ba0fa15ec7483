import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { TransactionHost } from '../database/transaction-host.js';
import { DeadLetterService } from '../queue/dead-letter.service.js';
import { QUEUES, type MaintenanceJob } from '../queue/jobs.js';
import { QueueBackend } from '../queue/queue-backend.js';
import { ActionOverdueService } from '../supervision/overdue/action-overdue.service.js';
import { StallEvaluationService } from '../supervision/stalled/stall-evaluation.service.js';

const STALL_SCHEDULER_ID = 'evaluate-stalled-cases';
const OVERDUE_SCHEDULER_ID = 'emit-overdue-actions';

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
    private readonly overdue: ActionOverdueService,
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
        OVERDUE_SCHEDULER_ID,
        { every: this.config.actionOverdueEveryMs },
        { name: OVERDUE_SCHEDULER_ID, data: { task: 'emit-overdue-actions' }, opts: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: 100, removeOnFail: 100 } },
      );
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message }, 'could not register the overdue-action schedule');
    }
    const worker = this.queues.worker<MaintenanceJob>(QUEUES.maintenance, (job) => (job.data.task === 'emit-overdue-actions' ? this.runOverdue() : this.run()), { concurrency: 1 });
    worker.on('failed', (job, error) => void this.deadLetters.recordIfFinal(QUEUES.maintenance, job, error, null).catch(() => undefined));
  }

  async run(): Promise<void> {
    const results = await this.tx.runAsSystem(() => this.stalls.evaluateAllTenants(this.clock.now()));
    this.logger.log({ tenants: results.length, entered: results.reduce((n, r) => n + r.entered, 0) }, 'stall evaluation done');
  }

  async runOverdue(): Promise<void> {
    const results = await this.tx.runAsSystem(() => this.overdue.emitForAllTenants(this.clock.now()));
    this.logger.log({ tenants: results.length, emitted: results.reduce((n, r) => n + r.emitted, 0) }, 'overdue-action check done');
  }
}
