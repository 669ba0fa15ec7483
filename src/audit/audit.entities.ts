import type { EntityClass } from '../database/entity-class.js';

/**
 * None: the audit tables (`audit_event`, `audit_seal`, `audit_checkpoint`) are partitioned and append-only, which
 * TypeORM's schema builder cannot express; they are defined by migrations/1764500000000-audit-v2.ts alone and
 * reached through raw SQL in audit.repository.ts. The list stays so the entity composition needs no change.
 */
export const AUDIT_ENTITIES: EntityClass[] = [];
