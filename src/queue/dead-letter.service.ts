import { instantKey } from '../common/precise-instant.js';
import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { TransactionHost } from '../database/transaction-host.js';
import { Clock } from '../common/clock.js';
import { defineErrors } from '../common/domain-error.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { DeadLetterRepository } from './dead-letter.repository.js';
import type { DeadLetterDto } from './dead-letter.dto.js';
import { RETRY_OPTIONS, type QueueName } from './jobs.js';
import { QueueBackend } from './queue-backend.js';

export const QueueErrors = defineErrors({
  DEAD_LETTER_NOT_FOUND: { status: 404, title: { nl: 'Mislukte taak niet gevonden', en: 'Dead letter not found' } },
});

/** Jobs that failed for good land here (ids only) so admins can see why and retry them. */
@Injectable()
export class DeadLetterService {
  private readonly logger = new Logger('DeadLetters');

  constructor(
    private readonly letters: DeadLetterRepository,
    private readonly queues: QueueBackend,
    private readonly context: RequestContext,
    private readonly clock: Clock,
    private readonly tx: TransactionHost,
  ) {}

  /** Call from a worker's `failed` handler; records only when no attempts are left. */
  async recordIfFinal(queue: QueueName, job: Job | undefined, error: Error, tenantId: string | null): Promise<boolean> {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return false;
    return this.tx.runAsSystem(() => this.record(queue, job, error, tenantId));
  }

  private async record(queue: QueueName, job: Job, error: Error, tenantId: string | null): Promise<boolean> {
    const payload = Object.fromEntries(Object.entries((job.data ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) as Record<string, string | number>;
    await this.letters.insert({
      tenantId,
      queue,
      jobName: job.name,
      jobId: job.id ?? 'unknown',
      payload,
      reason: error.message.slice(0, 1000),
      attempts: job.attemptsMade,
      failedAt: this.clock.now(),
    });
    this.logger.warn({ queue, jobId: job.id }, 'job failed for good; recorded as dead letter');
    return true;
  }

  async list(query: PageQueryDto): Promise<Page<DeadLetterDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.letters.listOpenPage(this.context.actor.tenantId, limit, after);
    return toPage(rows, limit, (d) => [instantKey(d.failedAt), d.id], (d) => ({
      id: d.id,
      queue: d.queue,
      jobName: d.jobName,
      jobId: d.jobId,
      payload: d.payload,
      reason: d.reason,
      attempts: d.attempts,
      failedAt: d.failedAt.toISOString(),
    }));
  }

  /** Puts the job back on its queue under a fresh id; the handlers are idempotent. */
  async retry(id: string): Promise<void> {
    const letter = await this.letters.findOpen(this.context.actor.tenantId, id);
    const notFound = () => QueueErrors.create('DEAD_LETTER_NOT_FOUND', { nl: `Er is geen openstaande mislukte taak met id ${id}.`, en: `No open dead letter with id ${id}.` });
    if (!letter) throw notFound();
    // marked first, conditionally: the mark's row lock makes a second click wait and then find it retried (two
    // clicks at once queued the job twice). Queued inside the request, so a queue that refuses undoes the mark; a
    // commit that fails after it leaves a job queued and the letter open — at least once, as the handlers allow.
    if (!(await this.letters.markRetried(id, this.clock.now()))) throw notFound();
    await this.queues.queue(letter.queue as QueueName).add(letter.jobName, letter.payload, { ...RETRY_OPTIONS, jobId: `${letter.jobId}-retry-${Date.now()}` });
  }
}
