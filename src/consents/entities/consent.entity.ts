import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { LEGAL_BASES, type LegalBasis } from '../../common/legal-basis.js';
import { HouseholdEntity } from '../../households/entities/household.entity.js';
import { MemberEntity } from '../../households/entities/member.entity.js';
import { OrganisationEntity } from '../../organisations/entities/organisation.entity.js';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';

/**
 * Toestemming or another legal basis on which an organisation may be involved with a household (or one member),
 * for a purpose and a period. Withdrawal ends the access it carried at once.
 */
@Entity('consent')
@Unique('uq_consent_tenant_id', ['tenantId', 'id'])
@Unique('uq_consent_scope', ['tenantId', 'householdId', 'organisationId', 'id'])
@Index('ix_consent_household', ['householdId'])
// deleting a member (erasure, the retention purge) checks the consents given for them
@Index('ix_consent_member', ['memberId'], { where: '"member_id" IS NOT NULL' })
@Check('ck_consent_basis', `"basis" IN (${LEGAL_BASES.map((b) => `'${b}'`).join(', ')})`)
@Check('ck_consent_period', `"valid_until" IS NULL OR "valid_until" >= "valid_from"`)
@Check('ck_consent_withdrawal', `("withdrawn_at" IS NULL) = ("withdrawn_by_id" IS NULL)`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_consent_household' })
@ForeignKey(() => MemberEntity, ['tenantId', 'memberId'], ['tenantId', 'id'], { name: 'fk_consent_member' })
@ForeignKey(() => OrganisationEntity, ['tenantId', 'organisationId'], ['tenantId', 'id'], { name: 'fk_consent_organisation' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'recordedById'], ['tenantId', 'id'], { name: 'fk_consent_recorded_by' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'withdrawnById'], ['tenantId', 'id'], { name: 'fk_consent_withdrawn_by' })
export class ConsentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  /** Null: the whole household. */
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 500 })
  purpose: string;

  /** Life-domain codes the consent covers (purpose limitation); null: every domain. */
  @Column({ type: 'varchar', length: 40, array: true, nullable: true })
  scopeDomains: string[] | null;

  @Column({ type: 'varchar', length: 24 })
  basis: LegalBasis;

  @Column({ type: 'date' })
  validFrom: string;

  @Column({ type: 'date', nullable: true })
  validUntil: string | null;

  @Column({ type: 'uuid' })
  recordedById: string;

  @Column({ type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  withdrawnById: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  withdrawalReason: string | null;
}
