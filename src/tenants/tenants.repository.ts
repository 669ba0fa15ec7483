import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { LifeDomainEntity } from './entities/life-domain.entity.js';
import { TenantEntity } from './entities/tenant.entity.js';

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

  countTenants(): Promise<number> {
    return this.tx.manager.getRepository(TenantEntity).count();
  }
}
