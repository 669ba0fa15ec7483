import type { EntityClass } from '../database/entity-class.js';
import { DeadLetterEntity } from './entities/dead-letter.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const QUEUE_ENTITIES: EntityClass[] = [DeadLetterEntity];
