import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '../../organisations/entities/organisation.entity.js';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';
import { API_CLIENT_SCOPES, type ApiClientScope } from '../api-client-scopes.js';

/**
 * A partner organisation's system that calls the API with OAuth2 client credentials. It acts through its service
 * principal (a professional row of kind `api_client` in the same organisation), so every "done by" column keeps
 * pointing at a professional. Only a hash of the secret is kept; `secret_generation` goes up on every rotation and
 * is carried in the tokens, so rotating also ends the tokens issued under the old secret.
 */
@Entity('api_client')
@Unique('uq_api_client_tenant_id', ['tenantId', 'id'])
@Index('uq_api_client_principal', ['principalId'], { unique: true })
@Index('ix_api_client_organisation', ['organisationId'])
@Check('ck_api_client_scopes', `cardinality("scopes") > 0 AND "scopes" <@ ARRAY[${API_CLIENT_SCOPES.map((s) => `'${s}'`).join(', ')}]::varchar[]`)
@Check('ck_api_client_revocation', `("revoked_at" IS NULL) = ("revoked_by_id" IS NULL)`)
@Check('ck_api_client_generation', `"secret_generation" >= 1`)
@ForeignKey(() => OrganisationEntity, ['tenantId', 'organisationId'], ['tenantId', 'id'], { name: 'fk_api_client_organisation' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'organisationId', 'principalId'], ['tenantId', 'organisationId', 'id'], { name: 'fk_api_client_principal' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'createdById'], ['tenantId', 'id'], { name: 'fk_api_client_created_by' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'revokedById'], ['tenantId', 'id'], { name: 'fk_api_client_revoked_by' })
export class ApiClientEntity {
  /** Also the OAuth2 `client_id`. */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32, array: true })
  scopes: ApiClientScope[];

  /** SHA-256 of the secret, hex. The secret itself is shown once and never stored. */
  @Column({ type: 'char', length: 64 })
  secretHash: string;

  @Column({ type: 'integer', default: 1 })
  secretGeneration: number;

  @Column({ type: 'uuid' })
  principalId: string;

  @Column({ type: 'uuid' })
  createdById: string;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  rotatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revokedById: string | null;
}
