import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { TenantEntity } from '../../tenants/entities/tenant.entity.js';

/**
 * The last link of a tenant's audit chain. Locked (UPDATE … RETURNING) only while a request flushes its events,
 * just before commit: requests of one tenant append one after the other, tenants never wait on each other.
 */
@Entity('audit_chain_head')
@ForeignKey(() => TenantEntity, ['tenantId'], ['id'], { name: 'fk_audit_chain_head_tenant' })
export class AuditChainHeadEntity {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
