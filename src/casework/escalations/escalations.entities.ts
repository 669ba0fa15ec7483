import type { EntityClass } from '../../database/entity-class.js';
import { EscalationEntity } from './entities/escalation.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const ESCALATIONS_ENTITIES: EntityClass[] = [EscalationEntity];
