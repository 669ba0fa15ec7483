import type { EntityClass } from '../database/entity-class.js';

export const API_CLIENTS_ENTITIES: EntityClass[] = [];
