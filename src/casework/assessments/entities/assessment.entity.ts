import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { HouseholdEntity } from '../../../households/entities/household.entity.js';
import { MemberEntity } from '../../../households/entities/member.entity.js';
import { ProfessionalEntity } from '../../../professionals/entities/professional.entity.js';

/**
 * Zelfredzaamheidsmatrix: self-reliance scores (1–5 per life domain) of one member, or of the whole household
 * when `memberId` is null, on one date, by one professional. The scores are rows of `assessment_score`.
 */
@Entity('assessment')
@Unique('uq_assessment_tenant_id', ['tenantId', 'id'])
@Index('ix_assessment_household_assessed', ['householdId', 'assessedOn', 'createdAt', 'id'])
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_assessment_household' })
@ForeignKey(() => MemberEntity, ['tenantId', 'memberId'], ['tenantId', 'id'], { name: 'fk_assessment_member' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'assessedById'], ['tenantId', 'id'], { name: 'fk_assessment_assessed_by' })
export class AssessmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  /** Null: the whole household was assessed. */
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  @Column({ type: 'date' })
  assessedOn: string;

  @Column({ type: 'uuid' })
  assessedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
