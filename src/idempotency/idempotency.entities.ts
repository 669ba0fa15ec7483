import type { EntityClass } from '../database/entity-class.js';
import { IdempotencyRecordEntity } from './entities/idempotency-record.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const IDEMPOTENCY_ENTITIES: EntityClass[] = [IdempotencyRecordEntity];
