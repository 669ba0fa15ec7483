import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from '../../organisations/entities/organisation.entity.js';
import { SignalMatchEntity } from './signal-match.entity.js';

/** An organisation taking part in a match, and since when: each one is told once. */
@Entity('signal_match_organisation')
@Index('ix_signal_match_organisation_organisation', ['organisationId'])
@ForeignKey(() => SignalMatchEntity, ['tenantId', 'matchId'], ['tenantId', 'id'], { name: 'fk_signal_match_organisation_match' })
@ForeignKey(() => OrganisationEntity, ['tenantId', 'organisationId'], ['tenantId', 'id'], { name: 'fk_signal_match_organisation_organisation' })
export class SignalMatchOrganisationEntity {
  @PrimaryColumn({ type: 'uuid' })
  matchId: string;

  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'timestamptz' })
  joinedAt: Date;
}
