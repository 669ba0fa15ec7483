import type { EntityClass } from '../database/entity-class.js';
import { ApiClientEntity } from './entities/api-client.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const API_CLIENTS_ENTITIES: EntityClass[] = [ApiClientEntity];
