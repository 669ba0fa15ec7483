import type { EntityClass } from '../database/entity-class.js';
import { OperationsLogEntryEntity } from './entities/operations-log-entry.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const OPERATIONS_ENTITIES: EntityClass[] = [OperationsLogEntryEntity];
