import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { HouseholdEntity } from '../../households/entities/household.entity.js';
import type { StallRule } from '../stall-rules.js';

/**
 * The review queue: one row per household that is stalled now, i.e. has at least one firing rule that is not
 * snoozed. Entering (row inserted) emits `case.stalled`, leaving (row deleted) `case.unstalled`. Written only by
 * the evaluation and by snoozes; sorted by severity or age through the keyset indexes below.
 */
@Entity('stalled_household')
@Index('ix_stalled_household_age', ['tenantId', 'stalledSince', 'householdId'])
// Keyset for sort=severity: (-severity, stalled_since, household_id) ascending; an expression index, written in the migration.
@Index('ix_stalled_household_severity', { synchronize: false })
@Check('ck_stalled_household_rules', `cardinality("rules") > 0`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_stalled_household_household' })
export class StalledHouseholdEntity {
  @PrimaryColumn({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  /** Visible (not snoozed) firing rules, sorted. */
  @Column({ type: 'varchar', length: 32, array: true })
  rules: StallRule[];

  @Column({ type: 'smallint' })
  severity: number;

  /** When the household entered the stalled state (the evaluation that first saw a visible rule). */
  @Column({ type: 'timestamptz' })
  stalledSince: Date;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
