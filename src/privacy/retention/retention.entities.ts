import type { EntityClass } from '../../database/entity-class.js';
import { RetentionRunEntity } from './entities/retention-run.entity.js';
import { RetentionScheduleEntity } from './entities/retention-schedule.entity.js';
import { RetentionSettingEntity } from './entities/retention-setting.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const RETENTION_ENTITIES: EntityClass[] = [RetentionScheduleEntity, RetentionSettingEntity, RetentionRunEntity];
