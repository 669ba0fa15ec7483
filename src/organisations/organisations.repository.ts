import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { OrganisationEntity } from './entities/organisation.entity.js';

@Injectable()
export class OrganisationsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.manager.getRepository(OrganisationEntity);
  }

  insert(values: Pick<OrganisationEntity, 'tenantId' | 'name' | 'kind' | 'isIntakeTeam'>): Promise<OrganisationEntity> {
    return this.repo.save(this.repo.create(values));
  }

  findInTenant(tenantId: string, id: string): Promise<OrganisationEntity | null> {
    return this.repo.findOneBy({ tenantId, id });
  }

  findByName(tenantId: string, name: string): Promise<OrganisationEntity | null> {
    return this.repo.findOneBy({ tenantId, name });
  }

  /** Ordered by name, then id; `after` is the keyset position of the previous page. */
  listPage(tenantId: string, limit: number, after?: [string, string]): Promise<OrganisationEntity[]> {
    const qb = this.repo.createQueryBuilder('o').where('o.tenant_id = :tenantId', { tenantId });
    if (after) qb.andWhere('(o.name, o.id) > (:name, :id)', { name: after[0], id: after[1] });
    return qb.orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC').limit(limit + 1).getMany();
  }
}
