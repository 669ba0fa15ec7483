import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { HouseholdEntity } from '../../households/entities/household.entity.js';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';

/**
 * Regisseur of a household over a period. At most one open assignment per household: the partial unique
 * index is the last word, whatever the application does.
 */
@Entity('coordinator_assignment')
@Index('uq_coordinator_assignment_active', ['householdId'], { unique: true, where: '"ended_at" IS NULL' })
@Index('ix_coordinator_assignment_professional_active', ['professionalId'], { where: '"ended_at" IS NULL' })
@Index('ix_coordinator_assignment_household_started', ['householdId', 'startedAt'])
@Check('ck_coordinator_assignment_period', `"ended_at" IS NULL OR "ended_at" >= "started_at"`)
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
}
