import type { EntityClass } from '../database/entity-class.js';
import { OutboxEventEntity } from './entities/outbox-event.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const EVENTS_ENTITIES: EntityClass[] = [OutboxEventEntity];
