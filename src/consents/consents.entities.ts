import type { EntityClass } from '../database/entity-class.js';
import { ConsentEntity } from './entities/consent.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const CONSENTS_ENTITIES: EntityClass[] = [ConsentEntity];
