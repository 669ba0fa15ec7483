import { AssessmentScoreEntity } from '../assessments/entities/assessment-score.entity.js';
import { AssessmentEntity } from '../assessments/entities/assessment.entity.js';
import { ContactMemberEntity } from '../contacts/entities/contact-member.entity.js';
import { ContactEntity } from '../contacts/entities/contact.entity.js';
import type { EntityClass } from '../database/entity-class.js';
import { EscalationEntity } from '../escalations/entities/escalation.entity.js';

/** Entities of this area, registered in src/database/entities.ts. */
export const CASEWORK_ENTITIES: EntityClass[] = [ContactEntity, ContactMemberEntity, AssessmentEntity, AssessmentScoreEntity, EscalationEntity];
