import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { JobWorkers, type JobHandler } from '../../queue/job-workers.js';
import { jobIds, jobOptions, JOBS, type EmailJob } from '../../queue/jobs.js';
import { QueueBackend } from '../../queue/queue-backend.js';
import { renderEmail } from './email-templates.js';
import { NotificationsRepository } from '../inbox/notifications.repository.js';

/**
 * E-mail through SMTP when SMTP_URL is set; otherwise a transport that only logs that a mail would go out
 * (notification id and type — never the address). Each notification is mailed at most once.
 */
@Injectable()
export class EmailDispatcher implements JobHandler<'email'>, OnModuleInit {
  readonly job = 'email';
  private readonly logger = new Logger('Email');
  private transport?: Transporter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsRepository,
    private readonly queues: QueueBackend,
    private readonly workers: JobWorkers,
    private readonly tx: TransactionHost,
  ) {}

  onModuleInit(): void {
    if (this.config.email.smtpUrl) this.transport = nodemailer.createTransport(this.config.email.smtpUrl);
    this.workers.register(this);
  }

  handle(job: Job<EmailJob>): Promise<void> {
    return this.send(job);
  }

  async enqueue(notificationIds: string[]): Promise<void> {
    if (notificationIds.length === 0) return;
    await this.queues.queue<EmailJob>(JOBS.email.queue).addBulk(
      notificationIds.map((notificationId) => ({
        name: JOBS.email.name,
        data: { notificationId },
        opts: jobOptions('email', this.config, jobIds.email(notificationId)),
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
