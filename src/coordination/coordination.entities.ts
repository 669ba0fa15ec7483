import type { EntityClass } from '../database/entity-class.js';
import { CoordinatorAssignmentEntity } from './entities/coordinator-assignment.entity.js';
import { CoordinatorHandoverEntity } from './entities/coordinator-handover.entity.js';
import { HouseholdCoordinationEntity } from './entities/household-coordination.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const COORDINATION_ENTITIES: EntityClass[] = [CoordinatorAssignmentEntity, HouseholdCoordinationEntity, CoordinatorHandoverEntity];
