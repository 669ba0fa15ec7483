import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TenantEntity } from '../../../tenants/entities/tenant.entity.js';
import { sqlCategoryList } from '../retention-schedule.js';

export const RUN_MODES = ['dry_run', 'apply'] as const;
export type RunMode = (typeof RUN_MODES)[number];
export const RUN_TRIGGERS = ['schedule', 'cli'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];
export const RUN_STATUSES = ['running', 'completed', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * One category of one municipality in one retention run (dry run or apply): the rule applied, what was found, what
 * a legal hold kept, what went. Rows of one invocation share `run_id`. A row left `running` is a run that was
 * interrupted; the next run takes up where it stopped (the engine re-evaluates the rule, so it is resumable).
 */
@Entity('retention_run')
@Index('ix_retention_run_tenant_started', ['tenantId', 'startedAt', 'id'])
@Check('ck_retention_run_category', `"category" IN (${sqlCategoryList()})`)
@Check('ck_retention_run_mode', `"mode" IN (${RUN_MODES.map((m) => `'${m}'`).join(', ')})`)
@Check('ck_retention_run_trigger', `"trigger" IN (${RUN_TRIGGERS.map((m) => `'${m}'`).join(', ')})`)
@Check('ck_retention_run_status', `"status" IN (${RUN_STATUSES.map((m) => `'${m}'`).join(', ')})`)
@Check('ck_retention_run_finished', `("status" = 'running') = ("finished_at" IS NULL)`)
@Check('ck_retention_run_counts', `"eligible" >= 0 AND "held" >= 0 AND "removed" >= 0 AND "kept" >= 0`)
@ForeignKey(() => TenantEntity, ['tenantId'], ['id'], { name: 'fk_retention_run_tenant' })
export class RetentionRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  runId: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'varchar', length: 32 })
  category: string;

  @Column({ type: 'varchar', length: 8 })
  mode: RunMode;

  @Column({ type: 'varchar', length: 16 })
  trigger: RunTrigger;

  /** The rule in words, e.g. "7 years after case closure (cut-off 2019-12-03)". */
  @Column({ type: 'varchar', length: 300 })
  rule: string;

  @Column({ type: 'timestamptz', nullable: true })
  cutoff: Date | null;

  /** Records past their period (held ones included). */
  @Column({ type: 'int', default: 0 })
  eligible: number;

  /** Of those, kept by a legal hold. */
  @Column({ type: 'int', default: 0 })
  held: number;

  /** Of those, kept for another reason (audit months that still concern a kept case). */
  @Column({ type: 'int', default: 0 })
  kept: number;

  /** Deleted or retired (apply only). */
  @Column({ type: 'int', default: 0 })
  removed: number;

  @Column({ type: 'timestamptz', nullable: true })
  oldestStart: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  newestStart: Date | null;

  @Column({ type: 'varchar', length: 16 })
  status: RunStatus;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  durationMs: number | null;
}
