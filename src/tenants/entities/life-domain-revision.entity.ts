import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity.js';

/**
 * Each edit of a municipality's life-domain list, as the whole list after the edit. Version 1 is the list the
 * municipality was created with (no row); every admin edit adds version n + 1, checked with If-Match.
 */
@Entity('life_domain_revision')
@ForeignKey(() => TenantEntity, ['tenantId'], ['id'], { name: 'fk_life_domain_revision_tenant', onDelete: 'CASCADE' })
// by table name: tenants stands below professionals (issue 9)
@ForeignKey('professional', ['tenantId', 'changedById'], ['tenantId', 'id'], { name: 'fk_life_domain_revision_changed_by' })
export class LifeDomainRevisionEntity {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  /** [{ code, labelNl, labelEn, active }] in order. */
  @Column({ type: 'jsonb' })
  domains: Array<{ code: string; labelNl: string; labelEn: string; active: boolean }>;

  @Column({ type: 'uuid' })
  changedById: string;

  @Column({ type: 'timestamptz' })
  changedAt: Date;
}
