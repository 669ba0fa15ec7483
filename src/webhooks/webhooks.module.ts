import { Module } from '@nestjs/common';
import { NotificationsRepository } from '../notifications/notifications.repository.js';
import { RecipientsRepository } from '../notifications/recipients.repository.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { WebhookEgress, WebhookResolver } from './egress/webhook-egress.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookSecretCipher } from './webhook-secret-cipher.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

@Module({
  imports: [OrganisationsModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhooksRepository, WebhookDispatcher, WebhookEgress, WebhookResolver, WebhookSecretCipher, NotificationsRepository, RecipientsRepository],
  exports: [WebhooksRepository, WebhookDispatcher],
})
export class WebhooksModule {}
