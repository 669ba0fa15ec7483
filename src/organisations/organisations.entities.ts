import type { EntityClass } from '../database/entity-class.js';
import { OrganisationEntity } from './entities/organisation.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const ORGANISATIONS_ENTITIES: EntityClass[] = [OrganisationEntity];
