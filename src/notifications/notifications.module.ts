import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { EmailDispatcher } from './email-dispatcher.js';
import { FanOutService } from './fanout.service.js';
import { NotificationWorkers } from './notification-workers.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { RecipientResolver } from './recipient-resolver.js';
import { RecipientsRepository } from './recipients.repository.js';

@Module({
  imports: [WebhooksModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationsRepository, RecipientsRepository, RecipientResolver, FanOutService, EmailDispatcher, NotificationWorkers],
  exports: [FanOutService],
})
export class NotificationsModule {}
