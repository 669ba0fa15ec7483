import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { TransactionHost } from '../database/transaction-host.js';
import { DeadLetterService } from '../queue/dead-letter.service.js';
import { jobIds, QUEUES, type EmailJob } from '../queue/jobs.js';
import { QueueBackend } from '../queue/queue-backend.js';
import { renderEmail } from './email-templates.js';
import { NotificationsRepository } from './notifications.repository.js';

/**
 * E-mail through SMTP when SMTP_URL is set; otherwise a transport that only logs that a mail would go out
 * (notification id and type — never the address). Each notification is mailed at most once.
 */
@Injectable()
export class EmailDispatcher implements OnApplicationBootstrap {
  private readonly logger = new Logger('Email');
  private transport?: Transporter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsRepository,
    private readonly queues: QueueBackend,
    private readonly deadLetters: DeadLetterService,
    private readonly tx: TransactionHost,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.email.smtpUrl) this.transport = nodemailer.createTransport(this.config.email.smtpUrl);
    if (this.config.processRole === 'api') return;
    const worker = this.queues.worker<EmailJob>(QUEUES.emails, (job) => this.send(job));
    worker.on('failed', (job, error) => void this.deadLetters.recordIfFinal(QUEUES.emails, job, error, null).catch(() => undefined));
  }

  async enqueue(notificationIds: string[]): Promise<void> {
    if (notificationIds.length === 0) return;
    await this.queues.queue<EmailJob>(QUEUES.emails).addBulk(
      notificationIds.map((notificationId) => ({
        name: 'email',
        data: { notificationId },
        opts: { jobId: jobIds.email(notificationId), attempts: 5, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 7 * 86_400 } },
      })),
    );
  }

  async send(job: Job<EmailJob>): Promise<void> {
    const { notificationId } = job.data;
    const context = await this.notifications.emailContext(notificationId);
    if (!context) return;
    if (!(await this.tx.run(() => this.notifications.claimEmail(notificationId)))) return;
    const { subject, text } = renderEmail(context.language, context.type, `${this.config.publicBaseUrl}/api/v1/me/notifications`);
    try {
      if (this.transport) {
        await this.transport.sendMail({ from: this.config.email.from, to: context.email, subject, text });
      } else {
        this.logger.log({ notificationId, type: context.type }, 'e-mail not sent: SMTP_URL is not configured (log transport)');
      }
    } catch (error) {
      await this.tx.run(() => this.notifications.releaseEmail(notificationId));
      throw error;
    }
  }
}
