import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { ProfessionalEntity } from './entities/professional.entity.js';
import type { Role } from './roles.js';

export interface ProfessionalFilter {
  role?: Role;
  organisationId?: string;
}

@Injectable()
export class ProfessionalsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.manager.getRepository(ProfessionalEntity);
  }

  insert(values: Pick<ProfessionalEntity, 'tenantId' | 'organisationId' | 'name' | 'email' | 'roles'> & { authSubject?: string }) {
    const id = randomUUID();
    return this.repo.save(this.repo.create({ ...values, id, authSubject: values.authSubject ?? id, active: true }));
  }

  /** Hot path: runs on every authenticated request. */
  findActiveBySubject(authSubject: string): Promise<ProfessionalEntity | null> {
    return this.repo.findOneBy({ authSubject, active: true });
  }

  findInTenant(tenantId: string, id: string): Promise<ProfessionalEntity | null> {
    return this.repo.findOneBy({ tenantId, id });
  }

  findBySubject(authSubject: string): Promise<ProfessionalEntity | null> {
    return this.repo.findOneBy({ authSubject });
  }

  findByEmail(email: string): Promise<ProfessionalEntity[]> {
    return this.repo.findBy({ email: email.toLowerCase() });
  }

  listPage(tenantId: string, filter: ProfessionalFilter, limit: number, after?: [string, string]): Promise<ProfessionalEntity[]> {
    const qb = this.repo.createQueryBuilder('p').where('p.tenant_id = :tenantId', { tenantId });
    if (filter.role) qb.andWhere(':role = ANY(p.roles)', { role: filter.role });
    if (filter.organisationId) qb.andWhere('p.organisation_id = :organisationId', { organisationId: filter.organisationId });
    if (after) qb.andWhere('(p.name, p.id) > (:name, :id)', { name: after[0], id: after[1] });
    return qb.orderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC').limit(limit + 1).getMany();
  }
}
