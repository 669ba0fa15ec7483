import type { EntityClass } from '../database/entity-class.js';
import { ProfessionalEntity } from './entities/professional.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const PROFESSIONALS_ENTITIES: EntityClass[] = [ProfessionalEntity];
