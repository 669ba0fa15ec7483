import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { TenantEntity } from '../../../tenants/entities/tenant.entity.js';

/**
 * The version of a municipality's schedule as a whole (its ETag): a change to one category is checked against the
 * others (audit events at least as long as the case file), so the whole schedule is the unit of If-Match. No row:
 * version 1, the defaults.
 */
@Entity('retention_schedule')
@Check('ck_retention_schedule_version', `"version" >= 1`)
@ForeignKey(() => TenantEntity, ['tenantId'], ['id'], { name: 'fk_retention_schedule_tenant' })
export class RetentionScheduleEntity {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'int' })
  version: number;
}
