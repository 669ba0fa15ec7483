import type { EntityClass } from '../database/entity-class.js';
import { NotificationPreferenceEntity } from './inbox/entities/notification-preference.entity.js';
import { NotificationEntity } from './inbox/entities/notification.entity.js';
import { WEBHOOKS_ENTITIES } from './webhooks/webhooks.entities.js';

/** The entities the delivery module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const DELIVERY_ENTITIES: EntityClass[] = [NotificationEntity, NotificationPreferenceEntity, ...WEBHOOKS_ENTITIES];
