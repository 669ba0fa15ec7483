import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';
import { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import { MAX_EMERGENCY_MINUTES, MIN_EMERGENCY_MINUTES } from '../emergency-access.values.js';

/** A municipality's choice of how long an emergency access grant lasts; without a row the default applies. */
@Entity('emergency_access_policy')
@Check('ck_emergency_access_policy_duration', `"duration_minutes" BETWEEN ${MIN_EMERGENCY_MINUTES} AND ${MAX_EMERGENCY_MINUTES}`)
@ForeignKey(() => TenantEntity, ['tenantId'], ['id'], { name: 'fk_emergency_access_policy_tenant' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'updatedById'], ['tenantId', 'id'], { name: 'fk_emergency_access_policy_updated_by' })
export class EmergencyAccessPolicyEntity {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'int' })
  durationMinutes: number;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;

  /** The privacy officer who set it. */
  @Column({ type: 'uuid' })
  updatedById: string;
}
