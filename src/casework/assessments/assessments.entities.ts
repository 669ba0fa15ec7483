import type { EntityClass } from '../../database/entity-class.js';
import { AssessmentEntity } from './entities/assessment.entity.js';
import { AssessmentScoreEntity } from './entities/assessment-score.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const ASSESSMENTS_ENTITIES: EntityClass[] = [AssessmentEntity, AssessmentScoreEntity];
