import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import { ORGANISATION_KINDS, type OrganisationKind } from '../organisation-kind.js';

@Entity('organisation')
@Unique('uq_organisation_tenant_id', ['tenantId', 'id'])
@Index('uq_organisation_tenant_name', ['tenantId', 'name'], { unique: true })
@Check('ck_organisation_kind', `"kind" IN (${ORGANISATION_KINDS.map((k) => `'${k}'`).join(', ')})`)
@ForeignKey(() => TenantEntity, ['tenantId'], ['id'], { name: 'fk_organisation_tenant' })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: OrganisationKind;

  /** The team that receives signals and households while no coordinator is assigned. */
  @Column({ type: 'boolean', default: false })
  isIntakeTeam: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
