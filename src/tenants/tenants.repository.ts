import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { LifeDomainEntity } from './entities/life-domain.entity.js';
import { TenantEntity } from './entities/tenant.entity.js';

export interface TenantSummaryRow {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
  organisations: number;
  professionals: number;
  households: number;
}

@Injectable()
export class TenantsRepository {
  constructor(private readonly tx: TransactionHost) {}

  insertTenant(name: string, slug: string): Promise<TenantEntity> {
    const repo = this.tx.manager.getRepository(TenantEntity);
    return repo.save(repo.create({ name, slug }));
  }

  async insertLifeDomains(domains: Array<Omit<LifeDomainEntity, 'active'>>): Promise<void> {
    await this.tx.manager.getRepository(LifeDomainEntity).insert(domains.map((d) => ({ ...d, active: true })));
  }

  findBySlug(slug: string): Promise<TenantEntity | null> {
    return this.tx.manager.getRepository(TenantEntity).findOneBy({ slug });
  }

  findLifeDomains(tenantId: string): Promise<LifeDomainEntity[]> {
    return this.tx.manager.getRepository(LifeDomainEntity).find({ where: { tenantId }, order: { position: 'ASC' } });
  }

  async isActiveLifeDomain(tenantId: string, code: string): Promise<boolean> {
    return this.tx.manager.getRepository(LifeDomainEntity).existsBy({ tenantId, code, active: true });
  }

  /** Case-insensitive, like the unique index `uq_tenant_name_lower`. */
  findByNameIgnoringCase(name: string): Promise<TenantEntity | null> {
    return this.tx.manager.getRepository(TenantEntity).createQueryBuilder('t').where('lower(t.name) = lower(:name)', { name }).getOne();
  }

  /** Every municipality with how much it holds: counts only, nothing about any person. Needs system work. */
  listWithCounts(): Promise<TenantSummaryRow[]> {
    return this.tx.manager.query(
      `SELECT t.id, t.name, t.slug, t.created_at AS "createdAt",
              (SELECT count(*) FROM organisation o WHERE o.tenant_id = t.id)::int AS organisations,
              (SELECT count(*) FROM professional p WHERE p.tenant_id = t.id AND p.kind = 'person' AND p.active)::int AS professionals,
              (SELECT count(*) FROM household h WHERE h.tenant_id = t.id)::int AS households
         FROM tenant t ORDER BY t.created_at, t.id`,
    );
  }

  countTenants(): Promise<number> {
    return this.tx.manager.getRepository(TenantEntity).count();
  }
}
