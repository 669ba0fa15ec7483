import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { OutboxDispatchRepository } from '../events/outbox-dispatch.repository.js';
import { QUEUES } from '../queue/jobs.js';
import { QueueBackend } from '../queue/queue-backend.js';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * Prometheus metrics: queue depth per queue and state (failed jobs included), and outbox lag. Gauges are read when
 * scraped, so they are true for the whole deployment, not just this process. No personal data, ids or labels
 * with user input.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  /**
   * Scheduled runs that failed in this process (per task, e.g. `evaluate-stalled-cases`): a failing schedule must be
   * seen, not only retried. Process-local like any counter: scrape every process that runs the scheduler.
   */
  private readonly scheduledJobFailures = new Counter({
    name: 'eenplan_scheduled_job_failures_total',
    help: 'Scheduled job runs that failed, per task (each failed attempt counts once).',
    labelNames: ['task'],
    registers: [this.registry],
  });

  recordScheduledJobFailure(task: string): void {
    this.scheduledJobFailures.inc({ task });
  }

  constructor(
    private readonly outbox: OutboxDispatchRepository,
    private readonly queues: QueueBackend,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'eenplan_' });
    const outboxRepo = this.outbox;
    new Gauge({
      name: 'eenplan_outbox_undispatched',
      help: 'Domain events in the outbox not yet handed to the queue.',
      registers: [this.registry],
      async collect() {
        this.set((await outboxRepo.lag()).undispatched);
      },
    });
    new Gauge({
      name: 'eenplan_outbox_lag_seconds',
      help: 'Age of the oldest event not yet handed to the queue (0 when none).',
      registers: [this.registry],
      async collect() {
        this.set((await outboxRepo.lag()).oldestAgeSeconds);
      },
    });
    const backend = this.queues;
    new Gauge({
      name: 'eenplan_queue_jobs',
      help: 'Jobs per queue and state.',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const name of Object.values(QUEUES)) {
          const counts = await backend.queue(name).getJobCounts(...STATES).catch(() => undefined);
          for (const state of STATES) if (counts) this.set({ queue: name, state }, counts[state] ?? 0);
        }
      },
    });
  }
}
