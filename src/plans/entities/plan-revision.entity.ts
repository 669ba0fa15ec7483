import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';
import { PlanEntity } from './plan.entity.js';

/** One row per plan version: the full snapshot after the change and what changed. Append-only (trigger). */
@Entity('plan_revision')
@Index('uq_plan_revision_number', ['planId', 'number'], { unique: true })
@ForeignKey(() => PlanEntity, ['tenantId', 'planId'], ['tenantId', 'id'], { name: 'fk_plan_revision_plan' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'changedById'], ['tenantId', 'id'], { name: 'fk_plan_revision_changed_by' })
export class PlanRevisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  planId: string;

  /** Equals the plan version this revision produced. */
  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'jsonb' })
  snapshot: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  changes: Array<Record<string, unknown>>;

  @Column({ type: 'uuid' })
  changedById: string;

  @Column({ type: 'timestamptz' })
  changedAt: Date;
}
