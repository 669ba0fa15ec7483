import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { LifeDomainEntity } from '../../../tenants/entities/life-domain.entity.js';
import { AssessmentEntity } from './assessment.entity.js';

/** One life domain's score in an assessment: 1 (acute problems) to 5 (fully self-reliant). */
@Entity('assessment_score')
@Check('ck_assessment_score_range', `"score" BETWEEN 1 AND 5`)
@ForeignKey(() => AssessmentEntity, ['tenantId', 'assessmentId'], ['tenantId', 'id'], { name: 'fk_assessment_score_assessment', onDelete: 'CASCADE' })
@ForeignKey(() => LifeDomainEntity, ['tenantId', 'domainCode'], ['tenantId', 'code'], { name: 'fk_assessment_score_domain' })
export class AssessmentScoreEntity {
  @PrimaryColumn({ type: 'uuid' })
  assessmentId: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  domainCode: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'smallint' })
  score: number;
}
