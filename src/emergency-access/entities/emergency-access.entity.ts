import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { HouseholdEntity } from '../../households/entities/household.entity.js';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';
import { MAX_EMERGENCY_MINUTES, MAX_REASON_LENGTH, MAX_REVIEW_NOTE_LENGTH, MIN_REASON_LENGTH, REVIEW_OUTCOMES, type ReviewOutcome } from '../emergency-access.values.js';

const outcomes = REVIEW_OUTCOMES.map((o) => `'${o}'`).join(', ');

/**
 * One emergency access grant (break-the-glass, NEN 7513): a professional who was not involved took read access to
 * a household, with a reason, from `granted_at` up to (not including) `expires_at` — or until they ended it early.
 * The privacy officer reviews it afterwards. The grant's facts never change once written: a trigger allows only
 * ending it once and reviewing it once (migration 1764600300000), and the request role may not delete it.
 */
@Entity('emergency_access')
@Index('ix_emergency_access_holder', ['householdId', 'professionalId', 'expiresAt'])
@Index('ix_emergency_access_tenant_granted', ['tenantId', 'grantedAt', 'id'])
@Index('ix_emergency_access_unreviewed', ['tenantId', 'grantedAt', 'id'], { where: '"reviewed_at" IS NULL' })
@Check('ck_emergency_access_period', `"expires_at" > "granted_at" AND "expires_at" <= "granted_at" + interval '${MAX_EMERGENCY_MINUTES} minutes'`)
@Check('ck_emergency_access_reason', `char_length(btrim("reason")) >= ${MIN_REASON_LENGTH} AND char_length("reason") <= ${MAX_REASON_LENGTH}`)
@Check('ck_emergency_access_ended', `("ended_at" IS NULL) = ("ended_by_id" IS NULL) AND ("ended_at" IS NULL OR ("ended_at" >= "granted_at" AND "ended_at" < "expires_at"))`)
@Check(
  'ck_emergency_access_review',
  `("reviewed_at" IS NULL) = ("reviewed_by_id" IS NULL) AND ("reviewed_at" IS NULL) = ("review_outcome" IS NULL) AND ("review_outcome" IS NULL OR "review_outcome" IN (${outcomes})) AND ("review_note" IS NULL OR "reviewed_at" IS NOT NULL)`,
)
@Check('ck_emergency_access_own_review', `"reviewed_by_id" IS NULL OR "reviewed_by_id" <> "professional_id"`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_emergency_access_household' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'professionalId'], ['tenantId', 'id'], { name: 'fk_emergency_access_professional' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'endedById'], ['tenantId', 'id'], { name: 'fk_emergency_access_ended_by' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'reviewedById'], ['tenantId', 'id'], { name: 'fk_emergency_access_reviewed_by' })
export class EmergencyAccessEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  /** The holder: the professional who broke the glass. */
  @Column({ type: 'uuid' })
  professionalId: string;

  /** Why; may hold personal data, so it never enters an event payload, a notification or an e-mail. */
  @Column({ type: 'varchar', length: MAX_REASON_LENGTH })
  reason: string;

  @Column({ type: 'timestamptz' })
  grantedAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  endedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedById: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  reviewOutcome: ReviewOutcome | null;

  @Column({ type: 'varchar', length: MAX_REVIEW_NOTE_LENGTH, nullable: true })
  reviewNote: string | null;
}
