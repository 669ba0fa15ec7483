import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { HouseholdEntity } from '../../../households/entities/household.entity.js';
import { MemberEntity } from '../../../households/entities/member.entity.js';
import { ProfessionalEntity } from '../../../professionals/entities/professional.entity.js';
import { PRIVACY_REQUEST_KINDS, PRIVACY_REQUEST_STATUSES, type PrivacyRequestKind, type PrivacyRequestStatus } from '../privacy-request-values.js';
import type { ErasureReport } from '../erasure-report.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * An AVG art. 17/18 request of a citizen, recorded by the privacy officer: about one member (`member_id`) or the
 * whole household (`member_id` null). Four eyes: whoever decides is not who recorded it (`ck_privacy_request_four_eyes`).
 * Steps are guarded by the trigger `privacy_request_transition` (see privacy-request-values.ts); rows are never deleted.
 */
@Entity('privacy_request')
@Unique('uq_privacy_request_tenant_id', ['tenantId', 'id'])
@Index('ix_privacy_request_tenant_requested', ['tenantId', 'requestedAt', 'id'])
@Index('ix_privacy_request_household', ['tenantId', 'householdId'])
@Index('uq_privacy_request_open_restriction_member', ['tenantId', 'memberId'], {
  unique: true,
  where: `"kind" = 'restriction' AND "status" IN ('recorded', 'approved', 'active') AND "member_id" IS NOT NULL`,
})
@Index('uq_privacy_request_open_restriction_household', ['tenantId', 'householdId'], {
  unique: true,
  where: `"kind" = 'restriction' AND "status" IN ('recorded', 'approved', 'active') AND "member_id" IS NULL`,
})
@Check('ck_privacy_request_kind', `"kind" IN (${list(PRIVACY_REQUEST_KINDS)})`)
@Check('ck_privacy_request_status', `"status" IN (${list(PRIVACY_REQUEST_STATUSES)})`)
@Check('ck_privacy_request_status_of_kind', `("status" <> 'executed' OR "kind" = 'erasure') AND ("status" NOT IN ('active', 'lifted') OR "kind" = 'restriction')`)
@Check('ck_privacy_request_four_eyes', `"decided_by_id" IS NULL OR "decided_by_id" <> "requested_by_id"`)
@Check(
  'ck_privacy_request_decision',
  `("status" = 'recorded') = ("decided_at" IS NULL) AND ("decided_at" IS NULL) = ("decided_by_id" IS NULL) AND ("status" <> 'rejected' OR "decision_reason" IS NOT NULL)`,
)
@Check(
  'ck_privacy_request_execution',
  `("status" IN ('executed', 'active', 'lifted')) = ("executed_at" IS NOT NULL) AND ("executed_at" IS NULL) = ("executed_by_id" IS NULL) AND ("status" <> 'executed' OR "report" IS NOT NULL)`,
)
@Check('ck_privacy_request_lift', `("status" = 'lifted') = ("lifted_at" IS NOT NULL) AND ("lifted_at" IS NULL) = ("lifted_by_id" IS NULL) AND ("lifted_at" IS NULL) = ("lift_reason" IS NULL)`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_privacy_request_household' })
@ForeignKey(() => MemberEntity, ['tenantId', 'memberId'], ['tenantId', 'id'], { name: 'fk_privacy_request_member' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'requestedById'], ['tenantId', 'id'], { name: 'fk_privacy_request_requested_by' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'decidedById'], ['tenantId', 'id'], { name: 'fk_privacy_request_decided_by' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'executedById'], ['tenantId', 'id'], { name: 'fk_privacy_request_executed_by' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'liftedById'], ['tenantId', 'id'], { name: 'fk_privacy_request_lifted_by' })
export class PrivacyRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: PrivacyRequestKind;

  @Column({ type: 'uuid' })
  householdId: string;

  /** The member the request is about; null: the whole household. */
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  @Column({ type: 'varchar', length: 2000 })
  reason: string;

  /** The citizen's letter or case reference (e.g. "brief 28-11-2026"). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  reference: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: PrivacyRequestStatus;

  @Column({ type: 'uuid' })
  requestedById: string;

  @Column({ type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  decisionReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  executedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  executedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  liftedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  liftedAt: Date | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  liftReason: string | null;

  /** The execution report of an erasure (what was erased, what kept and why); ids and counts only. */
  @Column({ type: 'jsonb', nullable: true })
  report: ErasureReport | null;
}
