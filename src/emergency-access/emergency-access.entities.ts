import type { EntityClass } from '../database/entity-class.js';
import { EmergencyAccessPolicyEntity } from './entities/emergency-access-policy.entity.js';
import { EmergencyAccessEntity } from './entities/emergency-access.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const EMERGENCY_ACCESS_ENTITIES: EntityClass[] = [EmergencyAccessEntity, EmergencyAccessPolicyEntity];
