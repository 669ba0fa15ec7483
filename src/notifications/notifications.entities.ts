import type { EntityClass } from '../database/entity-class.js';
import { DeadLetterEntity } from '../queue/entities/dead-letter.entity.js';
import { WebhookAttemptEntity } from '../webhooks/entities/webhook-attempt.entity.js';
import { WebhookDeliveryEntity } from '../webhooks/entities/webhook-delivery.entity.js';
import { WebhookSubscriptionEntity } from '../webhooks/entities/webhook-subscription.entity.js';
import { NotificationPreferenceEntity } from './entities/notification-preference.entity.js';
import { NotificationEntity } from './entities/notification.entity.js';

/** Entities of notifications, webhooks and the queue's dead letters, registered in src/database/entities.ts. */
export const NOTIFICATIONS_ENTITIES: EntityClass[] = [
  NotificationEntity,
  NotificationPreferenceEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
  WebhookAttemptEntity,
  DeadLetterEntity,
];
