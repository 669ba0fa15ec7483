import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { HouseholdEntity } from '../../households/entities/household.entity.js';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';

/**
 * Gezinsplan: exactly one per household (unique index). The plan with its goals, actions, network members
 * and community resources is one aggregate: every change bumps `version` with a conditional UPDATE and
 * writes a revision.
 */
@Entity('plan')
@Unique('uq_plan_tenant_id', ['tenantId', 'id'])
@Index('uq_plan_household', ['householdId'], { unique: true })
@Check('ck_plan_version', `"version" >= 1`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_plan_household' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'createdById'], ['tenantId', 'id'], { name: 'fk_plan_created_by' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'updatedById'], ['tenantId', 'id'], { name: 'fk_plan_updated_by' })
export class PlanEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'int', default: 1 })
  version: number;

  /** The family's own words: what they want to achieve. */
  @Column({ type: 'varchar', length: 4000, default: '' })
  familyWishes: string;

  /** The family's own words: what goes well, what they are good at. */
  @Column({ type: 'varchar', length: 4000, default: '' })
  familyStrengths: string;

  @Column({ type: 'date', nullable: true })
  reviewDate: string | null;

  /**
   * Whether the household is closed, kept by a trigger on the household's status (1764601400000): the version gate
   * requires it false, so a change racing a close cannot land after it. Never shown.
   */
  @Column({ type: 'boolean', default: false })
  householdClosed: boolean;

  /**
   * Raised by triggers whenever who may change the plan may have changed (coordination, the household's status,
   * care-team links, consents; 1764601900000), each taking the plan's row lock: the action change's gate requires the
   * value it read with the caller's access. Never shown.
   */
  @Column({ type: 'int', default: 0 })
  accessEpoch: number;

  @Column({ type: 'uuid' })
  createdById: string;

  @Column({ type: 'uuid' })
  updatedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
