import type { EntityClass } from '../../database/entity-class.js';
import { WebhookAttemptEntity } from './entities/webhook-attempt.entity.js';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity.js';
import { WebhookSubscriptionEntity } from './entities/webhook-subscription.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const WEBHOOKS_ENTITIES: EntityClass[] = [WebhookSubscriptionEntity, WebhookDeliveryEntity, WebhookAttemptEntity];
