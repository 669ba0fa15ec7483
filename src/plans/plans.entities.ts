import type { EntityClass } from '../database/entity-class.js';
import { PlanActionEntity } from './entities/plan-action.entity.js';
import { PlanCommunityResourceEntity } from './entities/plan-community-resource.entity.js';
import { PlanEntity } from './entities/plan.entity.js';
import { PlanGoalEntity } from './entities/plan-goal.entity.js';
import { PlanNetworkMemberEntity } from './entities/plan-network-member.entity.js';
import { PlanRevisionEntity } from './entities/plan-revision.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const PLANS_ENTITIES: EntityClass[] = [PlanEntity, PlanGoalEntity, PlanNetworkMemberEntity, PlanCommunityResourceEntity, PlanActionEntity, PlanRevisionEntity];
