import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';
import { TenantEntity } from '../../tenants/entities/tenant.entity.js';

/** The latest stall evaluation of a tenant: when, what it found and how long it took. */
@Entity('stall_evaluation_run')
@ForeignKey(() => TenantEntity, ['tenantId'], ['id'], { name: 'fk_stall_evaluation_run_tenant' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'triggeredById'], ['tenantId', 'id'], { name: 'fk_stall_evaluation_run_triggered_by' })
export class StallEvaluationRunEntity {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'timestamptz' })
  evaluatedAt: Date;

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
