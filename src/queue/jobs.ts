import type { JobsOptions } from 'bullmq';
import type { AppConfig } from '../config/app-config.js';

/**
 * THE job registry: every queue, every job on it, its payload type and its options (attempts, backoff, cleanup).
 * Producers take their options from here (`jobOptions`), workers are started from here (JobWorkers, one per queue),
 * and at start-up JobWorkers checks that every job below has exactly one handler and no handler has no job.
 * Payloads carry ids only — never personal data.
 */
export const QUEUES = {
  /** One job per outbox event: the fan-out to inbox, webhooks and e-mail. */
  events: 'events',
  /** One job per webhook delivery; retried with backoff for up to a day. */
  webhooks: 'webhooks',
  /** One job per notification to e-mail. */
  emails: 'emails',
  /** Scheduled housekeeping (stall evaluation, overdue actions, sweeping expired Idempotency-Key records). */
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface EventJob {
  eventId: string;
}
export interface WebhookJob {
  deliveryId: string;
}
export interface EmailJob {
  notificationId: string;
}
export interface MaintenanceJob {
  task: MaintenanceTask;
}

interface JobSpec<P, Q extends QueueName, N extends string | undefined> {
  queue: Q;
  /** The BullMQ job name; `undefined` where the producer names each job (the events queue: the event type). */
  name: N;
  options: (config: AppConfig) => JobsOptions;
  /** Type only: carries the payload type, never a value. */
  readonly payload?: P;
}

/** `job<Payload>()(queue, name, options)`: the payload type named, the queue inferred. */
const job =
  <P>() =>
  <Q extends QueueName, N extends string | undefined>(queue: Q, name: N, options: (config: AppConfig) => JobsOptions): JobSpec<P, Q, N> => ({ queue, name, options });

const DAY_S = 86_400;
/** Scheduled housekeeping: a few tries, a short history. */
const maintenance = (): JobsOptions => ({ attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: 100, removeOnFail: 100 });

export const JOBS = {
  /** Named by its event type, so the dashboard shows what is being fanned out. */
  'fan-out': job<EventJob>()(QUEUES.events, undefined, () => ({
    attempts: 10,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: 3_600, count: 10_000 },
    removeOnFail: { age: 7 * DAY_S },
  })),
  /** The backoff is the handler's own (`backoff` of its JobHandler): capped exponential, WEBHOOK_RETRY_BASE_MS. */
  deliver: job<WebhookJob>()(QUEUES.webhooks, 'deliver', (config) => ({
    attempts: config.webhooks.maxAttempts,
    backoff: { type: 'custom' },
    removeOnComplete: { age: DAY_S, count: 10_000 },
    removeOnFail: { age: 7 * DAY_S },
  })),
  email: job<EmailJob>()(QUEUES.emails, 'email', () => ({
    attempts: 5,
    backoff: { type: 'exponential', delay: 30_000 },
    removeOnComplete: { age: DAY_S },
    removeOnFail: { age: 7 * DAY_S },
  })),
  'evaluate-stalled-cases': job<MaintenanceJob>()(QUEUES.maintenance, 'evaluate-stalled-cases', maintenance),
  'emit-overdue-actions': job<MaintenanceJob>()(QUEUES.maintenance, 'emit-overdue-actions', maintenance),
  'sweep-idempotency-records': job<MaintenanceJob>()(QUEUES.maintenance, 'sweep-idempotency-records', maintenance),
  'apply-retention': job<MaintenanceJob>()(QUEUES.maintenance, 'apply-retention', maintenance),
} as const;

export type JobKey = keyof typeof JOBS;
export type JobPayload<K extends JobKey> = NonNullable<(typeof JOBS)[K]['payload']>;
/** The maintenance queue's jobs: one per scheduled task (src/scheduler/schedules.ts). */
export type MaintenanceTask = { [K in JobKey]: (typeof JOBS)[K]['queue'] extends typeof QUEUES.maintenance ? K : never }[JobKey];

export const JOB_KEYS = Object.keys(JOBS) as JobKey[];

/** Per queue: how many of its jobs run at once in one process (default: QUEUE_CONCURRENCY). */
export const QUEUE_CONCURRENCY: Partial<Record<QueueName, number>> = {
  // housekeeping runs one task at a time; the tasks lock per tenant anyway
  maintenance: 1,
};

/**
 * Which registered job a job on a queue is. The events queue has one job under many names; maintenance jobs carry
 * their task (jobs of the time before tasks were named carry none: they were stall evaluations).
 */
export function jobKeyOf(queue: QueueName, job: { name: string; data: unknown }): JobKey | undefined {
  switch (queue) {
    case QUEUES.events:
      return 'fan-out';
    case QUEUES.maintenance:
      return (job.data as Partial<MaintenanceJob> | undefined)?.task ?? 'evaluate-stalled-cases';
    default:
      return JOB_KEYS.find((key) => JOBS[key].queue === queue && JOBS[key].name === job.name);
  }
}

/** The options of a job as registered, plus its id. */
export function jobOptions(key: JobKey, config: AppConfig, jobId?: string): JobsOptions {
  return { ...JOBS[key].options(config), ...(jobId !== undefined && { jobId }) };
}

/** A dead letter put back by an admin: a few more tries, then it is a dead letter again. */
export const RETRY_OPTIONS: JobsOptions = { attempts: 3, removeOnComplete: 1000, removeOnFail: 1000 };

export const jobIds = {
  /**
   * Not the id alone: a database restored from a backup hands out ids again, and a finished job stays in the queue's
   * store for an hour — a new event with an old id would be taken for done and silently dropped (an outside probe).
   * The moment it happened tells the two apart; the same event keeps its job id when it is relayed again.
   */
  event: (eventId: string, occurredUs: string) => `event-${eventId}-${occurredUs}`,
  delivery: (deliveryId: string, round = 0) => (round === 0 ? `delivery-${deliveryId}` : `delivery-${deliveryId}-r${round}`),
  email: (notificationId: string) => `email-${notificationId}`,
};
