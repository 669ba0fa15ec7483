import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrincipalCache } from '../auth/principal-cache.js';
import { TransactionHost } from '../database/transaction-host.js';
import { ProfessionalEntity } from './entities/professional.entity.js';
import type { Role } from '../common/roles.js';

export interface ProfessionalFilter {
  role?: Role;
  organisationId?: string;
}

@Injectable()
export class ProfessionalsRepository {
  constructor(
    private readonly tx: TransactionHost,
    private readonly principals: PrincipalCache,
  ) {}

  private get repo() {
    return this.tx.manager.getRepository(ProfessionalEntity);
  }

  insert(values: Pick<ProfessionalEntity, 'tenantId' | 'organisationId' | 'name' | 'email' | 'roles'> & { authSubject?: string }) {
    const id = randomUUID();
    return this.repo.save(this.repo.create({ ...values, id, authSubject: values.authSubject ?? id, active: true, kind: 'person' }));
  }

  /**
   * The service principal of a partner API client: role `professional` in the client's organisation. Its auth
   * subject is a URN no identity provider issues, and sign-in looks up people only, so it can never sign in.
   */
  insertServicePrincipal(values: { tenantId: string; organisationId: string; clientId: string; name: string }) {
    return this.repo.save(
      this.repo.create({
        id: randomUUID(),
        tenantId: values.tenantId,
        organisationId: values.organisationId,
        name: values.name,
        email: `api-client-${values.clientId}@api-clients.eenplan.invalid`,
        roles: ['professional'],
        authSubject: `urn:eenplan:api-client:${values.clientId}`,
        active: true,
        kind: 'api_client',
      }),
    );
  }

  /** A person of the tenant, locked for a change of status, roles or organisation (serialises admins). */
  lockInTenant(tenantId: string, id: string): Promise<ProfessionalEntity | null> {
    return this.repo.createQueryBuilder('p').setLock('for_no_key_update').where("p.tenant_id = :tenantId AND p.id = :id AND p.kind = 'person'", { tenantId, id }).getOne();
  }

  /** Status, roles or organisation: what authentication reads, so the principal cache is dropped (see PrincipalCache). */
  async updatePerson(id: string, changes: Partial<Pick<ProfessionalEntity, 'active' | 'roles' | 'organisationId'>>): Promise<void> {
    this.principals.changing();
    await this.repo.update({ id }, changes);
  }

  async deactivate(id: string): Promise<void> {
    this.principals.changing();
    await this.repo.update({ id }, { active: false });
  }

  /** Hot path: runs on every authenticated request. People only: service principals never sign in. */
  findActiveBySubject(authSubject: string): Promise<ProfessionalEntity | null> {
    return this.repo.findOneBy({ authSubject, active: true, kind: 'person' });
  }

  /** People only: lookups for assigning, linking and showing professionals never reach a service principal. */
  /**
   * The person under a share lock, for a change that gives them a case (an assignment, a proposal, an acceptance, a
   * care-team link): a deactivation or a change of roles or organisation (`lockInTenant`) running meanwhile waits for
   * it and then sees what it gave, or it waits for them and reads the person as they are now. Taken before the
   * household's row lock, in the order the people admin takes them, so the two cannot deadlock.
   */
  findInTenantForShare(tenantId: string, id: string): Promise<ProfessionalEntity | null> {
    return this.repo.createQueryBuilder('p').setLock('pessimistic_read').where("p.tenant_id = :tenantId AND p.id = :id AND p.kind = 'person'", { tenantId, id }).getOne();
  }

  findInTenant(tenantId: string, id: string): Promise<ProfessionalEntity | null> {
    return this.repo.findOneBy({ tenantId, id, kind: 'person' });
  }

  findBySubject(authSubject: string): Promise<ProfessionalEntity | null> {
    return this.repo.findOneBy({ authSubject });
  }

  findByEmail(email: string): Promise<ProfessionalEntity[]> {
    return this.repo.findBy({ email: email.toLowerCase(), kind: 'person' });
  }

  listPage(tenantId: string, filter: ProfessionalFilter, limit: number, after?: [string, string]): Promise<ProfessionalEntity[]> {
    const qb = this.repo.createQueryBuilder('p').where('p.tenant_id = :tenantId', { tenantId }).andWhere("p.kind = 'person'");
    if (filter.role) qb.andWhere(':role = ANY(p.roles)', { role: filter.role });
    if (filter.organisationId) qb.andWhere('p.organisation_id = :organisationId', { organisationId: filter.organisationId });
    if (after) qb.andWhere('(p.name, p.id) > (:name, :id)', { name: after[0], id: after[1] });
    return qb.orderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC').limit(limit + 1).getMany();
  }
}
