import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DeadLetterService } from '../queue/dead-letter.service.js';
import { QUEUES, type EventJob } from '../queue/jobs.js';
import { QueueBackend } from '../queue/queue-backend.js';
import { FanOutService } from './fanout.service.js';

/** Starts the fan-out worker in processes that run workers (PROCESS_ROLE all or worker). */
@Injectable()
export class NotificationWorkers implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueBackend,
    private readonly fanOut: FanOutService,
    private readonly deadLetters: DeadLetterService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.processRole === 'api') return;
    const worker = this.queues.worker<EventJob>(QUEUES.events, (job) => this.fanOut.fanOut(job.data.eventId));
    worker.on('failed', (job, error) => void this.deadLetters.recordIfFinal(QUEUES.events, job, error, null).catch(() => undefined));
  }
}
