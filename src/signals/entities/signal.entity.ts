import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { HouseholdEntity } from '../../households/entities/household.entity.js';
import { OrganisationEntity } from '../../organisations/entities/organisation.entity.js';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';
import { SIGNAL_CATEGORIES, SIGNAL_SEVERITIES, sqlList, type SignalCategory, type SignalSeverity } from '../signal-values.js';
import { SignalMatchEntity } from './signal-match.entity.js';

/**
 * Signaal: a concern an organisation registers about a person at an address. It is matched to a household by
 * keyed hashes only. The address and date of birth are kept — encrypted — only while the signal is not linked
 * to a household (the intake team needs them to find out who it is); a linked signal keeps just the hashes.
 * The BSN, when given, is stored like a member's: ciphertext, key id and keyed hash together.
 */
@Entity('signal')
@Unique('uq_signal_tenant_id', ['tenantId', 'id'])
@Index('ix_signal_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('ix_signal_organisation_created', ['organisationId', 'createdAt', 'id'])
@Index('ix_signal_household', ['householdId', 'householdEpisode'])
@Index('ix_signal_match', ['matchId'])
@Index('ix_signal_intake', ['tenantId', 'createdAt', 'id'], { where: '"matched_at" IS NULL AND "acknowledged_at" IS NULL' })
// the signals waiting at an address: looked up whenever a household there becomes findable, and for intake items
@Index('ix_signal_waiting_address', ['tenantId', 'addressHash'], { where: '"household_id" IS NULL' })
@Index('ix_signal_unacknowledged_match', ['tenantId', 'householdId'], { where: '"matched_at" IS NOT NULL AND "acknowledged_at" IS NULL' })
@Check('ck_signal_category', `"category" IN (${sqlList(SIGNAL_CATEGORIES)})`)
@Check('ck_signal_severity', `"severity" IN (${sqlList(SIGNAL_SEVERITIES)})`)
@Check('ck_signal_bsn_pair', `("bsn_ciphertext" IS NULL) = ("bsn_hash" IS NULL) AND ("bsn_ciphertext" IS NULL) = ("bsn_key_id" IS NULL)`)
@Check('ck_signal_subject_pair', `("subject_ciphertext" IS NULL) = ("subject_key_id" IS NULL)`)
@Check('ck_signal_subject_only_unlinked', `("household_id" IS NULL) = ("subject_ciphertext" IS NOT NULL)`)
@Check('ck_signal_household_episode', `("household_id" IS NULL) = ("household_episode" IS NULL)`)
@Check('ck_signal_match', `("match_id" IS NULL) = ("matched_at" IS NULL) AND ("match_id" IS NULL OR "household_id" IS NOT NULL)`)
@Check('ck_signal_acknowledged', `("acknowledged_at" IS NULL) = ("acknowledged_by_id" IS NULL)`)
@Check('ck_signal_retention', `"active_until" > "created_at" AND "retain_until" >= "active_until"`)
@ForeignKey(() => OrganisationEntity, ['tenantId', 'organisationId'], ['tenantId', 'id'], { name: 'fk_signal_organisation' })
// keyed to the person: a signal is history, its signaller may move on (migration 1764601700000, which checks the
// organisation when the signal is made)
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'signalledById'], ['tenantId', 'id'], { name: 'fk_signal_signalled_by' })
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_signal_household' })
@ForeignKey(() => SignalMatchEntity, ['tenantId', 'matchId'], ['tenantId', 'id'], { name: 'fk_signal_match' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'acknowledgedById'], ['tenantId', 'id'], { name: 'fk_signal_acknowledged_by' })
export class SignalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  /** The signalling organisation (the actor's). */
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid' })
  signalledById: string;

  /** Set when the signal was linked to a household by its match hashes. */
  @Column({ type: 'uuid', nullable: true })
  householdId: string | null;

  /** The household's episode when the signal was linked: a match belongs to one episode. */
  @Column({ type: 'int', nullable: true })
  householdEpisode: number | null;

  /** The match this signal became part of. */
  @Column({ type: 'uuid', nullable: true })
  matchId: string | null;

  @Column({ type: 'varchar', length: 24 })
  category: SignalCategory;

  @Column({ type: 'varchar', length: 16 })
  severity: SignalSeverity;

  @Column({ type: 'varchar', length: 500 })
  note: string;

  /** Keyed hash (HMAC) of the normalised postcode and house number. */
  @Column({ type: 'varchar', length: 64 })
  addressHash: string;

  /** Keyed hash (HMAC) of the date of birth. */
  @Column({ type: 'varchar', length: 64 })
  birthDateHash: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  bsnHash: string | null;

  @Column({ type: 'text', nullable: true })
  bsnCiphertext: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  bsnKeyId: string | null;

  /** AES-256-GCM of {postcode, houseNumber, dateOfBirth}; only while not linked to a household. */
  @Column({ type: 'text', nullable: true })
  subjectCiphertext: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  subjectKeyId: string | null;

  /** Business time (the clock), so retention follows it. */
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  /** Until then the signal takes part in matching (created + 2 years). */
  @Column({ type: 'timestamptz' })
  activeUntil: Date;

  /** Until then the signal is kept; a purge job removes it afterwards (created + 5 years). */
  @Column({ type: 'timestamptz' })
  retainUntil: Date;

  /** When it became part of a match (two or more organisations about one household). */
  @Column({ type: 'timestamptz', nullable: true })
  matchedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedById: string | null;
}
