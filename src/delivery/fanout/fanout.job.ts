import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobWorkers, type JobHandler } from '../../queue/job-workers.js';
import type { EventJob } from '../../queue/jobs.js';
import { FanOutService } from './fanout.service.js';

/** The `fan-out` job of the registry (src/queue/jobs.ts): one outbox event to inbox, webhooks and e-mail. */
@Injectable()
export class FanOutWorker implements JobHandler<'fan-out'>, OnModuleInit {
  readonly job = 'fan-out';

  constructor(
    private readonly workers: JobWorkers,
    private readonly fanOut: FanOutService,
  ) {}

  onModuleInit(): void {
    this.workers.register(this);
  }

  handle(job: Job<EventJob>): Promise<unknown> {
    return this.fanOut.fanOut(job.data.eventId);
  }
}
