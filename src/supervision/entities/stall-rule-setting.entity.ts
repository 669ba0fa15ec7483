import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';
import { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import { MAX_THRESHOLD_DAYS, sqlRuleList, type StallRule } from '../stall-rules.js';

/** A tenant's override of one stall rule; rules without a row use the defaults in code (stall-rules.ts). */
@Entity('stall_rule_setting')
@Check('ck_stall_rule_setting_rule', `"rule" IN (${sqlRuleList()})`)
@Check('ck_stall_rule_setting_threshold', `"threshold_days" BETWEEN 0 AND ${MAX_THRESHOLD_DAYS}`)
@ForeignKey(() => TenantEntity, ['tenantId'], ['id'], { name: 'fk_stall_rule_setting_tenant' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'updatedById'], ['tenantId', 'id'], { name: 'fk_stall_rule_setting_updated_by' })
export class StallRuleSettingEntity {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  rule: StallRule;

  @Column({ type: 'int' })
  thresholdDays: number;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ type: 'uuid' })
  updatedById: string;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
