import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { DOMAIN_EVENTS } from '../../events/event-types.js';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher.js';
import { WebhooksRepository } from '../webhooks/webhooks.repository.js';
import { EmailDispatcher } from '../email/email-dispatcher.js';
import { NotificationsRepository } from '../inbox/notifications.repository.js';
import { isSignalEvent, RecipientResolver, withoutHousehold } from '../recipients/recipient-resolver.js';
import { INBOX_ONLY } from '../recipients/recipient-rules.js';
import { RecipientsRepository } from '../recipients/recipients.repository.js';

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
      // internal events (a notice for admins) never leave the system; inbox-only notices are not e-mailed
      const deliveries = DOMAIN_EVENTS[event.type].partner ? await this.webhooks.createDeliveries(event.tenantId, event.id, event.type, organisationIds) : [];
      const emails = INBOX_ONLY.has(event.type) ? [] : await this.notifications.pendingEmails(event.id);
      return { created, deliveries, emails };
    });
    if (!outcome) return { notifications: 0 };
    await this.webhookDispatcher.enqueue(outcome.deliveries);
    await this.emailDispatcher.enqueue(outcome.emails.map((e) => e.notificationId));
    return { notifications: outcome.created };
  }
}
