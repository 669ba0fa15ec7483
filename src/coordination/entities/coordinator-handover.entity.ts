import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { HouseholdEntity } from '../../households/entities/household.entity.js';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';
import { HANDOVER_STATUSES, MAX_OVERLAP_DAYS, sqlList, type HandoverStatus } from '../coordination-states.js';

/**
 * A proposed hand-over: the current coordinator stays accountable until the proposed one accepts; declining
 * leaves things as they were. Kept as history; at most one proposal is pending per household.
 */
@Entity('coordinator_handover')
@Index('uq_coordinator_handover_pending', ['householdId'], { unique: true, where: `"status" = 'proposed'` })
@Index('ix_coordinator_handover_household', ['householdId', 'proposedAt'])
@Index('ix_coordinator_handover_to', ['toProfessionalId'], { where: `"status" = 'proposed'` })
@Check('ck_coordinator_handover_status', `"status" IN (${sqlList(HANDOVER_STATUSES)})`)
@Check('ck_coordinator_handover_decided', `("status" = 'proposed') = ("decided_at" IS NULL)`)
@Check('ck_coordinator_handover_overlap', `"overlap_days" BETWEEN 0 AND ${MAX_OVERLAP_DAYS}`)
@Check('ck_coordinator_handover_people', `"from_professional_id" <> "to_professional_id"`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_coordinator_handover_household', onDelete: 'CASCADE' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'fromProfessionalId'], ['tenantId', 'id'], { name: 'fk_coordinator_handover_from' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'toProfessionalId'], ['tenantId', 'id'], { name: 'fk_coordinator_handover_to' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'proposedById'], ['tenantId', 'id'], { name: 'fk_coordinator_handover_proposed_by' })
export class CoordinatorHandoverEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'uuid' })
  fromProfessionalId: string;

  @Column({ type: 'uuid' })
  toProfessionalId: string;

  @Column({ type: 'uuid' })
  proposedById: string;

  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  /** Days the outgoing coordinator stays involved (not accountable) after acceptance; 0 for none. */
  @Column({ type: 'int', default: 0 })
  overlapDays: number;

  @Column({ type: 'varchar', length: 16, default: 'proposed' })
  status: HandoverStatus;

  @Column({ type: 'timestamptz' })
  proposedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  declineReason: string | null;
}
