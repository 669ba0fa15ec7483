import type { EntityClass } from '../../database/entity-class.js';
import { LegalHoldEntity } from './entities/legal-hold.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const LEGAL_HOLDS_ENTITIES: EntityClass[] = [LegalHoldEntity];
