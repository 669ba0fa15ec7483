import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { HouseholdEntity } from '../../households/entities/household.entity.js';
import { sqlRuleList, type StallRule } from '../stall-rules.js';

/**
 * One rule firing for one household, from the evaluation that first saw it (`since`) until the one that no
 * longer did (`clearedAt`). At most one open row per household and rule; cleared rows stay as history. Every
 * evaluation confirms the open rows (the tenant's last run is in `stall_evaluation_run`) but rewrites a row only
 * when its figures change.
 */
@Entity('stalled_case')
@Index('uq_stalled_case_active', ['tenantId', 'householdId', 'rule'], { unique: true, where: '"cleared_at" IS NULL' })
@Index('ix_stalled_case_tenant_since', ['tenantId', 'since'])
@Check('ck_stalled_case_rule', `"rule" IN (${sqlRuleList()})`)
@Check('ck_stalled_case_period', `"cleared_at" IS NULL OR "cleared_at" >= "since"`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_stalled_case_household' })
export class StalledCaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'varchar', length: 32 })
  rule: StallRule;

  @Column({ type: 'timestamptz' })
  since: Date;

  /** The rule's figures: reference dates, counts and totals (days are computed from them when read). */
  @Column({ type: 'jsonb' })
  figures: Record<string, string | number | null>;

  /** The evaluation that last changed the figures (or raised the row). */
  @Column({ type: 'timestamptz' })
  figuresChangedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  clearedAt: Date | null;
}
