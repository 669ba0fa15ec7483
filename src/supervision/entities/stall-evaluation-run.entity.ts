import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';
import { TenantEntity } from '../../tenants/entities/tenant.entity.js';

/**
 * The latest stall evaluation of a tenant: when, what it found and how long it took; and when the first one ran,
 * where the tenant's stall history (`stalled_case`) begins.
 */
@Entity('stall_evaluation_run')
@Check('ck_stall_evaluation_run_first', `"first_evaluated_at" <= "evaluated_at"`)
@ForeignKey(() => TenantEntity, ['tenantId'], ['id'], { name: 'fk_stall_evaluation_run_tenant' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'triggeredById'], ['tenantId', 'id'], { name: 'fk_stall_evaluation_run_triggered_by' })
export class StallEvaluationRunEntity {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'timestamptz' })
  evaluatedAt: Date;

  /** The tenant's first evaluation: stalled counts at a month end before it are not known. Kept by every later run. */
  @Column({ type: 'timestamptz' })
  firstEvaluatedAt: Date;

  /** Null for the scheduled run; the supervisor who asked for it otherwise. */
  @Column({ type: 'uuid', nullable: true })
  triggeredById: string | null;

  @Column({ type: 'int' })
  households: number;

  @Column({ type: 'int' })
  firing: number;

  @Column({ type: 'int' })
  stalledHouseholds: number;

  @Column({ type: 'int' })
  durationMs: number;
}
