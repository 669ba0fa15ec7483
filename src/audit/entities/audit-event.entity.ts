import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '../audit.types.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * One audited read, write or denial (NEN 7513: event, time, actor, on-behalf-of, access point). Ids and codes
 * only — never names, notes or other personal data. Append-only (grants and triggers) and hash-chained per
 * tenant: `hash` = sha256(prev_hash ‖ canonical fields), see audit-chain.ts.
 */
@Entity('audit_event')
@Check('ck_audit_event_action', `"action" IN (${list(AUDIT_ACTIONS)})`)
@Check('ck_audit_event_outcome', `"outcome" IN (${list(AUDIT_OUTCOMES)})`)
@Check('ck_audit_event_actor_kind', `"actor_kind" IN ('professional', 'client')`)
@Check('ck_audit_event_caller_request_id', `"caller_request_id" ~ '^[A-Za-z0-9._:-]{1,64}$'`)
@Index('ix_audit_event_household', ['tenantId', 'householdId', 'seq'])
@ForeignKey(() => TenantEntity, ['tenantId'], ['id'], { name: 'fk_audit_event_tenant' })
export class AuditEventEntity {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  /** 1, 2, 3 … per tenant, without gaps: the position in the tenant's chain. */
  @PrimaryColumn({ type: 'bigint' })
  seq: string;

  @Column({ type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 16 })
  action: string;

  @Column({ type: 'varchar', length: 16 })
  outcome: string;

  @Column({ type: 'varchar', length: 16 })
  actorKind: string;

  /** For an API client: its service principal. No foreign key: the trail outlives what it mentions. */
  @Column({ type: 'uuid' })
  professionalId: string;

  @Column({ type: 'uuid', nullable: true })
  apiClientId: string | null;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 32, array: true })
  roles: string[];

  /** An API client acts on behalf of its organisation; null for a professional acting in their own name. */
  @Column({ type: 'uuid', nullable: true })
  onBehalfOfOrganisationId: string | null;

  @Column({ type: 'varchar', length: 40 })
  resourceType: string;

  @Column({ type: 'uuid', nullable: true })
  resourceId: string | null;

  @Column({ type: 'uuid', nullable: true })
  householdId: string | null;

  @Column({ type: 'uuid', array: true })
  memberIds: string[];

  @Column({ type: 'varchar', length: 40 })
  purpose: string;

  @Column({ type: 'varchar', length: 40 })
  legalBasis: string;

  @Column({ type: 'uuid', nullable: true })
  consentId: string | null;

  /** Method and path template (`GET /api/v1/households/:householdId`): no query values, no ids. */
  @Column({ type: 'varchar', length: 200 })
  route: string;

  @Column({ type: 'smallint' })
  httpStatus: number;

  @Column({ type: 'varchar', length: 100, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sourceAddress: string | null;

  /** The caller's own X-Request-Id, only if it matched the pattern (see src/common/request-id.ts); `requestId` is ours. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  callerRequestId: string | null;
}
