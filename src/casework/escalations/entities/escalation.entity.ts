import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { HouseholdEntity } from '../../../households/entities/household.entity.js';
import { ProfessionalEntity } from '../../../professionals/entities/professional.entity.js';

/**
 * Opschalen: a supervisor-level intervention on a case, opened with a reason and resolved with an outcome.
 * At most one open escalation per household (partial unique index); resolved ⇔ outcome and resolver set.
 * It may name the life domains and members it concerns (purpose limitation: who may read its reason and outcome);
 * a trigger (migration 1764600600000) holds them to the municipality's domains and the household's members.
 */
@Entity('escalation')
@Unique('uq_escalation_tenant_id', ['tenantId', 'id'])
@Index('uq_escalation_open', ['householdId'], { unique: true, where: '"resolved_at" IS NULL' })
@Index('ix_escalation_household_opened', ['householdId', 'openedAt', 'id'])
@Check('ck_escalation_resolution', `("resolved_at" IS NULL) = ("outcome" IS NULL) AND ("resolved_at" IS NULL) = ("resolved_by_id" IS NULL)`)
@Check('ck_escalation_about_size', `cardinality("domain_codes") <= 40 AND cardinality("member_ids") <= 50`)
@Check('ck_escalation_period', `"resolved_at" IS NULL OR "resolved_at" >= "opened_at"`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_escalation_household' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'openedById'], ['tenantId', 'id'], { name: 'fk_escalation_opened_by' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'resolvedById'], ['tenantId', 'id'], { name: 'fk_escalation_resolved_by' })
export class EscalationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'varchar', length: 2000 })
  reason: string;

  @Column({ type: 'uuid' })
  openedById: string;

  @Column({ type: 'timestamptz' })
  openedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedById: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  outcome: string | null;

  /** Empty: no life domain in particular. */
  @Column({ type: 'varchar', length: 40, array: true, default: () => "'{}'" })
  domainCodes: string[];

  /** Empty: the household as a whole. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  memberIds: string[];
}
