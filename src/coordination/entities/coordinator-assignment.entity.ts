import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { HouseholdEntity } from '../../households/entities/household.entity.js';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';
import { ASSIGNMENT_END_KINDS, sqlList, type AssignmentEndKind } from '../coordination-states.js';

/**
 * Regisseur of a household over a period. At most one open assignment per household: the partial unique
 * index is the last word, whatever the application does.
 */
@Entity('coordinator_assignment')
@Index('uq_coordinator_assignment_active', ['householdId'], { unique: true, where: '"ended_at" IS NULL' })
@Index('ix_coordinator_assignment_professional_active', ['professionalId'], { where: '"ended_at" IS NULL' })
@Index('ix_coordinator_assignment_household_started', ['householdId', 'startedAt'])
@Check('ck_coordinator_assignment_period', `"ended_at" IS NULL OR "ended_at" >= "started_at"`)
// the overlap after a hand-over belongs to the outgoing, ended assignment: the open one is the only accountable one
@Check('ck_coordinator_assignment_overlap', `"overlap_until" IS NULL OR ("ended_at" IS NOT NULL AND "overlap_until" > "ended_at")`)
@Check('ck_coordinator_assignment_end_kind', `"end_kind" IS NULL OR "end_kind" IN (${sqlList(ASSIGNMENT_END_KINDS)})`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_coordinator_assignment_household' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'professionalId'], ['tenantId', 'id'], { name: 'fk_coordinator_assignment_professional' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'assignedById'], ['tenantId', 'id'], { name: 'fk_coordinator_assignment_assigned_by' })
export class CoordinatorAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'uuid' })
  professionalId: string;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  /** Why this coordinator took the case (first assignment or hand-over reason). */
  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @Column({ type: 'uuid' })
  assignedById: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  endReason: string | null;

  /** How it ended; a vacancy that follows takes its reason from it (null: ended by older code, read as stepped down). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  endKind: AssignmentEndKind | null;

  /** After a hand-over with overlap: until when this (no longer accountable) coordinator stays involved. */
  @Column({ type: 'timestamptz', nullable: true })
  overlapUntil: Date | null;
}
