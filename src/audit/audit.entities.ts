import type { EntityClass } from '../database/entity-class.js';

export const AUDIT_ENTITIES: EntityClass[] = [];
