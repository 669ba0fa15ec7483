import type { AppConfig } from '../config/app-config.js';
import type { MaintenanceJob } from '../queue/jobs.js';

/**
 * Every repeatable job, in one list. The scheduler makes sure each exists in the queue store at start, every
 * SCHEDULE_ENSURE_MS, and at once when the store is found to have lost its data — so a flushed Redis loses a
 * schedule for seconds, not until the next restart. To add one: a task name in MaintenanceJob (src/queue/jobs.ts),
 * an entry here, and its handler in MaintenanceScheduler's `handlers` (the compiler asks for it).
 */
export interface Schedule {
  /** The BullMQ job-scheduler id: the same on every replica, so there is one schedule, not one per process. */
  id: string;
  task: MaintenanceJob['task'];
  /** An interval in ms, or a cron pattern (UTC). */
  repeat: { every: number } | { pattern: string };
  attempts: number;
}

export function schedules(config: AppConfig): Schedule[] {
  return [
    { id: 'evaluate-stalled-cases', task: 'evaluate-stalled-cases', repeat: { every: config.stallEvaluationEveryMs }, attempts: 3 },
    { id: 'emit-overdue-actions', task: 'emit-overdue-actions', repeat: { every: config.actionOverdueEveryMs }, attempts: 3 },
    // stored Idempotency-Key answers live 24 hours; swept every 10 minutes, none outlives that by much
    { id: 'sweep-idempotency-records', task: 'sweep-idempotency-records', repeat: { every: 10 * 60_000 }, attempts: 3 },
  ];
}
