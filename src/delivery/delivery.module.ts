import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { EmailDispatcher } from './email/email-dispatcher.js';
import { FanOutService } from './fanout/fanout.service.js';
import { FanOutWorker } from './fanout/fanout.job.js';
import { NotificationsController } from './inbox/notifications.controller.js';
import { NotificationsRepository } from './inbox/notifications.repository.js';
import { NotificationsService } from './inbox/notifications.service.js';
import { RecipientResolver } from './recipients/recipient-resolver.js';
import { RecipientsRepository } from './recipients/recipients.repository.js';
import { WebhookEgress, WebhookResolver } from './webhooks/egress/webhook-egress.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import { WebhookSecretCipher } from './webhooks/webhook-secret-cipher.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { WebhooksRepository } from './webhooks/webhooks.repository.js';
import { WebhooksService } from './webhooks/webhooks.service.js';

/**
 * The one home of delivery: everything that tells people and partners about domain events. Each provider is
 * provided here and nowhere else. Inside, imports point one way:
 *
 *   fanout → recipients, inbox, webhooks, email;  email → inbox;  webhooks → recipients
 *
 * Nothing in delivery writes another area's rows: a subscription that is disabled is announced as the domain
 * event `webhook.disabled`, which the fan-out turns into inbox notices like any other event.
 */
@Module({
  imports: [OrganisationsModule],
  controllers: [NotificationsController, WebhooksController],
  providers: [
    RecipientsRepository,
    RecipientResolver,
    NotificationsRepository,
    NotificationsService,
    EmailDispatcher,
    WebhooksRepository,
    WebhooksService,
    WebhookDispatcher,
    WebhookEgress,
    WebhookResolver,
    WebhookSecretCipher,
    FanOutService,
    FanOutWorker,
  ],
})
export class DeliveryModule {}
