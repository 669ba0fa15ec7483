import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DeadLetterService } from './dead-letter.service.js';
import { JOB_KEYS, JOBS, jobKeyOf, QUEUE_CONCURRENCY, QUEUES, type JobKey, type JobPayload, type QueueName } from './jobs.js';
import { QueueBackend } from './queue-backend.js';

/** The one class (or object) that runs one registered job. Handlers are idempotent: a job may run more than once. */
export interface JobHandler<K extends JobKey = JobKey> {
  readonly job: K;
  handle(job: Job<JobPayload<K>>): Promise<unknown>;
  /** After every failed attempt. Default: a job out of attempts becomes a dead letter (without tenant). */
  onFailed?(job: Job<JobPayload<K>>, error: Error): Promise<void>;
  /** For jobs registered with `backoff: { type: 'custom' }`: the delay before the next attempt. */
  backoff?(attemptsMade: number): number;
}

/**
 * What is wrong with a set of handlers against the registry: a job without a handler, a job with two, a handler
 * for a job that is not registered, a custom backoff without its function. Empty when all is well.
 */
export function handlerProblems(jobs: readonly string[], handlers: ReadonlyArray<{ job: string; backoff?: unknown }>, customBackoff: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const job of jobs) {
    const count = handlers.filter((h) => h.job === job).length;
    if (count === 0) problems.push(`job "${job}" has no handler`);
    if (count > 1) problems.push(`job "${job}" has ${count} handlers`);
  }
  for (const handler of handlers) if (!jobs.includes(handler.job)) problems.push(`handler for "${handler.job}", which is not a registered job`);
  for (const job of customBackoff) {
    if (handlers.some((h) => h.job === job && typeof h.backoff !== 'function')) problems.push(`job "${job}" has a custom backoff but its handler gives none`);
  }
  return [...new Set(problems)];
}

/**
 * Handlers register here while the modules initialise; at bootstrap the registry is checked (the application does
 * not start with a job nobody runs) and, in processes that run workers, one worker per queue is started that hands
 * each job to its handler.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap {
  private readonly handlers: JobHandler[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueBackend,
    private readonly deadLetters: DeadLetterService,
  ) {}

  register<K extends JobKey>(handler: JobHandler<K>): void {
    this.handlers.push(handler as unknown as JobHandler);
  }

  /** The registered handlers' jobs (tests). */
  handledJobs(): string[] {
    return this.handlers.map((h) => h.job);
  }

  onApplicationBootstrap(): void {
    const customBackoff = JOB_KEYS.filter((key) => {
      const backoff = JOBS[key].options(this.config).backoff;
      return typeof backoff === 'object' && backoff.type === 'custom';
    });
    const problems = handlerProblems(JOB_KEYS, this.handlers, customBackoff);
    if (problems.length > 0) throw new Error(`The job registry (src/queue/jobs.ts) and its handlers disagree: ${problems.join('; ')}.`);
    if (this.config.processRole === 'api') return;
    for (const queue of Object.values(QUEUES)) this.start(queue);
  }

  private start(queue: QueueName): void {
    const handlers = this.handlers.filter((h) => JOBS[h.job].queue === queue);
    const custom = handlers.find((h) => h.backoff !== undefined);
    const worker = this.queues.worker<unknown>(queue, (job) => this.handlerOf(queue, job).handle(job as Job<never>), {
      ...(QUEUE_CONCURRENCY[queue] !== undefined && { concurrency: QUEUE_CONCURRENCY[queue] }),
      ...(custom && { settings: { backoffStrategy: (attemptsMade: number) => custom.backoff?.(attemptsMade) ?? 0 } }),
    });
    worker.on('failed', (job, error) => {
      if (!job) return;
      const handler = this.handlers.find((h) => h.job === jobKeyOf(queue, job));
      if (handler?.onFailed) void handler.onFailed(job as Job<never>, error);
      else void this.deadLetters.recordIfFinal(queue, job, error, null).catch(() => undefined);
    });
  }

  private handlerOf(queue: QueueName, job: Job): JobHandler {
    const key = jobKeyOf(queue, job);
    const handler = this.handlers.find((h) => h.job === key);
    if (!handler) throw new Error(`no handler for job ${job.name} on queue ${queue}`);
    return handler;
  }
}
