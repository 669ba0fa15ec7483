import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity } from '../../organisations/entities/organisation.entity.js';
import { ROLES, type Role } from '../../common/roles.js';

/** Across all tenants: one identity signs in as one professional. */
export const AUTH_SUBJECT_CONSTRAINT = 'uq_professional_auth_subject';

/** `person`: a user who signs in; `api_client`: the service principal a partner API client acts through. */
export const PROFESSIONAL_KINDS = ['person', 'api_client'] as const;
export type ProfessionalKind = (typeof PROFESSIONAL_KINDS)[number];

/**
 * A user: a professional of the municipality's team or of a partner organisation — or, with kind `api_client`,
 * the service principal of a partner API client (never signs in, never listed, role `professional` only).
 */
@Entity('professional')
@Unique('uq_professional_tenant_id', ['tenantId', 'id'])
@Unique(AUTH_SUBJECT_CONSTRAINT, ['authSubject'])
@Unique('uq_professional_tenant_org_id', ['tenantId', 'organisationId', 'id'])
@Index('uq_professional_tenant_email', ['tenantId', 'email'], { unique: true })
@Check('ck_professional_roles', `cardinality("roles") > 0 AND "roles" <@ ARRAY[${ROLES.map((r) => `'${r}'`).join(', ')}]::varchar[]`)
@Check('ck_professional_kind', `"kind" IN (${PROFESSIONAL_KINDS.map((k) => `'${k}'`).join(', ')}) AND ("kind" = 'person' OR "roles" = ARRAY['professional']::varchar[])`)
@ForeignKey(() => OrganisationEntity, ['tenantId', 'organisationId'], ['tenantId', 'id'], { name: 'fk_professional_organisation' })
export class ProfessionalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  /** The `sub` claim of this person's tokens at the identity provider. */
  @Column({ type: 'varchar', length: 255 })
  authSubject: string;

  /** Stored lower-case. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16, array: true })
  roles: Role[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'varchar', length: 16, default: 'person' })
  kind: ProfessionalKind;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
