import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { ProfessionalEntity } from '../../../professionals/entities/professional.entity.js';
import { TenantEntity } from '../../../tenants/entities/tenant.entity.js';
import type { PeriodUnit } from '../retention-period.js';
import { sqlCategoryList, sqlUnitList, type RetentionCategory } from '../retention-schedule.js';

/** A municipality's period for one category; categories without a row use the default in code (retention-schedule.ts). */
@Entity('retention_setting')
@Check('ck_retention_setting_category', `"category" IN (${sqlCategoryList()})`)
@Check('ck_retention_setting_unit', `"unit" IN (${sqlUnitList()})`)
@Check('ck_retention_setting_amount', `"amount" BETWEEN 1 AND 100000`)
@ForeignKey(() => TenantEntity, ['tenantId'], ['id'], { name: 'fk_retention_setting_tenant' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'updatedById'], ['tenantId', 'id'], { name: 'fk_retention_setting_updated_by' })
export class RetentionSettingEntity {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  category: RetentionCategory;

  @Column({ type: 'int' })
  amount: number;

  @Column({ type: 'varchar', length: 8 })
  unit: PeriodUnit;

  @Column({ type: 'uuid' })
  updatedById: string;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
