import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import { HOUSEHOLD_STATUSES, RISK_LEVELS, type HouseholdStatus, type RiskLevel } from '../household-status.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

@Entity('household')
@Unique('uq_household_tenant_id', ['tenantId', 'id'])
@Index('ix_household_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('ix_household_address_hash', ['tenantId', 'addressHash'])
@Check('ck_household_status', `"status" IN (${list(HOUSEHOLD_STATUSES)})`)
@Check('ck_household_risk_level', `"risk_level" IN (${list(RISK_LEVELS)})`)
@Check('ck_household_closed_at', `("status" = 'closed') = ("closed_at" IS NOT NULL)`)
@Check('ck_household_postcode', `"postcode" ~ '^[1-9][0-9]{3}[A-Z]{2}$'`)
@Check('ck_household_house_number', `"house_number" BETWEEN 1 AND 99999`)
@Check('ck_household_episode', `"episode" >= 1 AND "reopen_count" = "episode" - 1`)
@ForeignKey(() => TenantEntity, ['tenantId'], ['id'], { name: 'fk_household_tenant' })
export class HouseholdEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  /** Normalised: four digits and two capitals, no space. */
  @Column({ type: 'varchar', length: 6 })
  postcode: string;

  @Column({ type: 'int' })
  houseNumber: number;

  @Column({ type: 'varchar', length: 10, nullable: true })
  houseNumberSuffix: string | null;

  @Column({ type: 'varchar', length: 100 })
  district: string;

  /** Keyed hash (HMAC) of postcode + house number, for matching signals. */
  @Column({ type: 'varchar', length: 64 })
  addressHash: string;

  @Column({ type: 'varchar', length: 16 })
  status: HouseholdStatus;

  @Column({ type: 'varchar', length: 2000 })
  registrationReason: string;

  @Column({ type: 'varchar', length: 16 })
  riskLevel: RiskLevel;

  /** Current episode number; a reopen starts the next one. */
  @Column({ type: 'int', default: 1 })
  episode: number;

  /** Recurrence: how often the household came back after being closed. */
  @Column({ type: 'int', default: 0 })
  reopenCount: number;

  @Column({ type: 'timestamptz' })
  registeredAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  intakeStartedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
