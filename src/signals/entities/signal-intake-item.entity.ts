import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { HouseholdEntity } from '../../households/entities/household.entity.js';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';
import { INTAKE_CLOSE_OUTCOMES, type IntakeItemStatus, type IntakeOutcome } from '../intake/intake-values.js';
import { sqlList } from '../signal-values.js';

/**
 * An intake item: waiting signals of two or more organisations about one not-yet-registered family, for the
 * intake team. "One family" is one address: the keyed hash of postcode and house number (`family_key`), the same
 * HMAC a household carries — no clear text. At most one open item per family and municipality (partial unique
 * index); later signals about it join the open item.
 */
@Entity('signal_intake_item')
@Unique('uq_signal_intake_item_tenant_id', ['tenantId', 'id'])
@Index('uq_signal_intake_item_open', ['tenantId', 'familyKey'], { unique: true, where: `"status" = 'open'` })
@Index('ix_signal_intake_item_tenant_opened', ['tenantId', 'openedAt', 'id'])
@Check('ck_signal_intake_item_status', `"status" IN ('open', 'closed')`)
@Check('ck_signal_intake_item_outcome', `"outcome" IS NULL OR "outcome" IN ('registered', ${sqlList(INTAKE_CLOSE_OUTCOMES)})`)
@Check('ck_signal_intake_item_closed', `("status" = 'open') = ("closed_at" IS NULL) AND ("closed_at" IS NULL) = ("outcome" IS NULL)`)
@Check(
  'ck_signal_intake_item_closed_by',
  `(COALESCE("outcome", '') = 'registered') = ("household_id" IS NOT NULL) AND ("outcome" IS NOT NULL AND "outcome" <> 'registered') = ("closed_by_id" IS NOT NULL)`,
)
@Check('ck_signal_intake_item_dates', `"closed_at" IS NULL OR "closed_at" >= "opened_at"`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_signal_intake_item_household' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'closedById'], ['tenantId', 'id'], { name: 'fk_signal_intake_item_closed_by' })
export class SignalIntakeItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  /** Keyed hash (HMAC) of the family's address: the signals' `address_hash`. */
  @Column({ type: 'varchar', length: 64 })
  familyKey: string;

  @Column({ type: 'varchar', length: 16 })
  status: IntakeItemStatus;

  @Column({ type: 'timestamptz' })
  openedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  outcome: IntakeOutcome | null;

  /** The intake coordinator or supervisor who closed it; null when registration resolved it. */
  @Column({ type: 'uuid', nullable: true })
  closedById: string | null;

  /** The household its signals were linked to, when registration resolved it. */
  @Column({ type: 'uuid', nullable: true })
  householdId: string | null;
}
