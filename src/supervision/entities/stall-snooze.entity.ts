import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { HouseholdEntity } from '../../households/entities/household.entity.js';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';
import { sqlRuleList, type StallRule } from '../stall-rules.js';

/** A supervisor hides one rule for one household up to and including `until`, with a reason. Kept as history. */
@Entity('stall_snooze')
@Index('ix_stall_snooze_household_rule', ['householdId', 'rule', 'until'])
@Check('ck_stall_snooze_rule', `"rule" IN (${sqlRuleList()})`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_stall_snooze_household' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'createdById'], ['tenantId', 'id'], { name: 'fk_stall_snooze_created_by' })
export class StallSnoozeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'varchar', length: 32 })
  rule: StallRule;

  /** Last day (Europe/Amsterdam) the rule stays hidden; it shows again from the day after. */
  @Column({ type: 'date' })
  until: string;

  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @Column({ type: 'uuid' })
  createdById: string;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}
