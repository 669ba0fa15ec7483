import type { EntityClass } from '../database/entity-class.js';
import { ActionOverdueNoticeEntity } from './entities/action-overdue-notice.entity.js';
import { StallEvaluationRunEntity } from './entities/stall-evaluation-run.entity.js';
import { StallRuleSettingEntity } from './entities/stall-rule-setting.entity.js';
import { StallSnoozeEntity } from './entities/stall-snooze.entity.js';
import { StalledCaseEntity } from './entities/stalled-case.entity.js';
import { StalledHouseholdEntity } from './entities/stalled-household.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const SUPERVISION_ENTITIES: EntityClass[] = [StallRuleSettingEntity, StalledCaseEntity, StalledHouseholdEntity, StallSnoozeEntity, StallEvaluationRunEntity, ActionOverdueNoticeEntity];
