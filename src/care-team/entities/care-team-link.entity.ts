import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ConsentEntity } from '../../consents/entities/consent.entity.js';
import { HouseholdEntity } from '../../households/entities/household.entity.js';
import { OrganisationEntity } from '../../organisations/entities/organisation.entity.js';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';
import { LEGAL_BASES, type LegalBasis } from '../../common/legal-basis.js';

/**
 * Betrokken hulpverlener: an organisation (organisation-level link) or one of its professionals linked to a
 * household, with a role, a period and the legal basis it rests on. The professional must belong to the
 * linked organisation (composite foreign key).
 */
@Entity('care_team_link')
@Index('ix_care_team_link_household', ['householdId'])
@Index('uq_care_team_link_active_org', ['householdId', 'organisationId'], {
  unique: true,
  where: '"ended_at" IS NULL AND "professional_id" IS NULL',
})
@Index('uq_care_team_link_active_professional', ['householdId', 'professionalId'], {
  unique: true,
  where: '"ended_at" IS NULL AND "professional_id" IS NOT NULL',
})
@Check('ck_care_team_link_basis', `"basis" IN (${LEGAL_BASES.map((b) => `'${b}'`).join(', ')})`)
// involvement on the basis of consent rests on a recorded consent (withdrawal then ends the access it carried)
@Check('ck_care_team_link_consent_recorded', `"basis" <> 'consent' OR "consent_id" IS NOT NULL`)
@Check('ck_care_team_link_period', `"ends_on" IS NULL OR "ends_on" >= "starts_on"`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_care_team_link_household' })
@ForeignKey(() => OrganisationEntity, ['tenantId', 'organisationId'], ['tenantId', 'id'], { name: 'fk_care_team_link_organisation' })
// keyed to the person, not to their organisation of today: a link is history too (migration 1764601700000); that the
// professional belongs to the link's organisation is checked when the link is made (trigger)
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'professionalId'], ['tenantId', 'id'], { name: 'fk_care_team_link_professional' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'createdById'], ['tenantId', 'id'], { name: 'fk_care_team_link_created_by' })
// the consent must be for this household and this organisation
@ForeignKey(() => ConsentEntity, ['tenantId', 'householdId', 'organisationId', 'consentId'], ['tenantId', 'householdId', 'organisationId', 'id'], {
  name: 'fk_care_team_link_consent',
})
export class CareTeamLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  /** Null: the whole organisation is linked. */
  @Column({ type: 'uuid', nullable: true })
  professionalId: string | null;

  /** What they do for the household, e.g. "schuldhulpverlener", "jeugdhulp". */
  @Column({ type: 'varchar', length: 100 })
  role: string;

  @Column({ type: 'varchar', length: 24 })
  basis: LegalBasis;

  /** The recorded consent or other basis this link rests on; while it is withdrawn or expired the link gives no access. */
  @Column({ type: 'uuid', nullable: true })
  consentId: string | null;

  /** Life-domain codes this link covers (purpose limitation); null: every domain. */
  @Column({ type: 'varchar', length: 40, array: true, nullable: true })
  scopeDomains: string[] | null;

  /** Members this link covers; null: the whole household. */
  @Column({ type: 'uuid', array: true, nullable: true })
  scopeMemberIds: string[] | null;

  /** Whether the link opens members' citizen service numbers (BSN). */
  @Column({ type: 'boolean', default: true })
  scopeBsn: boolean;

  /** Whether the link opens contact moments and their notes. */
  @Column({ type: 'boolean', default: true })
  scopeContactNotes: boolean;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Set when the link is removed from the team; the row stays as history. */
  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  endReason: string | null;
}
