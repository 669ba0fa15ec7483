import type { AppConfig } from '../config/app-config.js';
import type { MaintenanceTask } from '../queue/jobs.js';

/**
 * Every repeatable job, in one list. The scheduler makes sure each exists in the queue store at start, every
 * SCHEDULE_ENSURE_MS, and at once when the store is found to have lost its data — so a flushed Redis loses a
 * schedule for seconds, not until the next restart. To add one: its job in the registry (src/queue/jobs.ts, on the
 * maintenance queue: name, options), an entry here, and its handler in MaintenanceScheduler (the start-up check
 * refuses to start without it).
 */
export interface Schedule {
  /** The registry's job, which is also the BullMQ job-scheduler id: the same on every replica, so one schedule, not one per process. */
  task: MaintenanceTask;
  /** An interval in ms, or a cron pattern (UTC). */
  repeat: { every: number } | { pattern: string };
}

export function schedules(config: AppConfig): Schedule[] {
  return [
    { task: 'evaluate-stalled-cases', repeat: { every: config.stallEvaluationEveryMs } },
    { task: 'emit-overdue-actions', repeat: { every: config.actionOverdueEveryMs } },
    // stored Idempotency-Key answers live 24 hours; swept every 10 minutes, none outlives that by much
    { task: 'sweep-idempotency-records', repeat: { every: 10 * 60_000 } },
    // the retention schedule, applied once a day at night (UTC), once across replicas
    { task: 'apply-retention', repeat: { pattern: '15 2 * * *' } },
  ];
}
