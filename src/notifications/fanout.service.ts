import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher.js';
import { WebhooksRepository } from '../webhooks/webhooks.repository.js';
import { EmailDispatcher } from './email-dispatcher.js';
import { NotificationsRepository } from './notifications.repository.js';
import { isSignalEvent, RecipientResolver, withoutHousehold } from './recipient-resolver.js';
import { RecipientsRepository } from './recipients.repository.js';

export interface FanOutResult {
  notifications: number;
}

/**
 * Turns one outbox event into inbox items, webhook deliveries and e-mails. Idempotent: rows are unique per
 * (event, recipient) and (event, subscription), and jobs are (re)queued for whatever is still pending, so a job
 * that runs twice — or dies halfway — ends in the same state as one that ran once.
 */
@Injectable()
export class FanOutService {
  constructor(
    private readonly recipients: RecipientsRepository,
    private readonly resolver: RecipientResolver,
    private readonly notifications: NotificationsRepository,
    private readonly webhooks: WebhooksRepository,
    private readonly webhookDispatcher: WebhookDispatcher,
    private readonly emailDispatcher: EmailDispatcher,
    private readonly tx: TransactionHost,
  ) {}

  async fanOut(eventId: string): Promise<FanOutResult> {
    const outcome = await this.tx.run(async () => {
      const event = await this.recipients.claimEvent(eventId);
      if (!event) return undefined;
      const { professionalIds, organisationIds, insiderIds } = await this.resolver.resolve(event);
      let created: number;
      if (isSignalEvent(event.type)) {
        created =
          (await this.notifications.insertForEvent(event, professionalIds.filter((p) => insiderIds.has(p)))) +
          (await this.notifications.insertForEvent(withoutHousehold(event), professionalIds.filter((p) => !insiderIds.has(p))));
      } else {
        created = await this.notifications.insertForEvent(event, professionalIds);
      }
      const deliveries = await this.webhooks.createDeliveries(event.tenantId, event.id, event.type, organisationIds);
      return { created, deliveries, emails: await this.notifications.pendingEmails(event.id) };
    });
    if (!outcome) return { notifications: 0 };
    await this.webhookDispatcher.enqueue(outcome.deliveries);
    await this.emailDispatcher.enqueue(outcome.emails.map((e) => e.notificationId));
    return { notifications: outcome.created };
  }
}
