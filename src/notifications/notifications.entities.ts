import type { EntityClass } from '../database/entity-class.js';

/** Entities of this area, registered in src/database/entities.ts. */
export const NOTIFICATIONS_ENTITIES: EntityClass[] = [];
