import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { CareTeamLinkEntity } from './entities/care-team-link.entity.js';

export type LinkWithNames = CareTeamLinkEntity & { organisationName: string; professionalName: string | null };

@Injectable()
export class CareTeamRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.manager.getRepository(CareTeamLinkEntity);
  }

  insert(values: Omit<CareTeamLinkEntity, 'id' | 'createdAt' | 'endedAt' | 'endReason'>): Promise<CareTeamLinkEntity> {
    return this.repo.save(this.repo.create({ ...values, endedAt: null, endReason: null }));
  }

  findInHousehold(householdId: string, linkId: string): Promise<CareTeamLinkEntity | null> {
    return this.repo.findOneBy({ householdId, id: linkId });
  }

  /** Replaces what the link covers; false when it has ended. */
  async rescope(linkId: string, scope: Pick<CareTeamLinkEntity, 'scopeDomains' | 'scopeMemberIds' | 'scopeBsn' | 'scopeContactNotes'>): Promise<boolean> {
    const result = await this.repo.createQueryBuilder().update().set(scope).where('id = :linkId AND ended_at IS NULL', { linkId }).execute();
    return (result.affected ?? 0) > 0;
  }

  async end(linkId: string, endedAt: Date, endReason: string | null): Promise<boolean> {
    const result = await this.repo.createQueryBuilder().update().set({ endedAt, endReason }).where('id = :linkId AND ended_at IS NULL', { linkId }).execute();
    return (result.affected ?? 0) > 0;
  }

  /** Ends a professional's standing links for an organisation; returns them (ids, tenant and household). */
  async endStandingLinksOf(professionalId: string, organisationId: string, endedAt: Date, endReason: string): Promise<Array<{ id: string; tenantId: string; householdId: string }>> {
    const rows = await this.tx.manager.query<Array<{ id: string; tenant_id: string; household_id: string }>>(
      // as a query with rows (TypeORM answers a bare UPDATE … RETURNING with [rows, count])
      `WITH ended AS (UPDATE care_team_link SET ended_at = $3, end_reason = $4 WHERE professional_id = $1 AND organisation_id = $2 AND ended_at IS NULL RETURNING id, tenant_id, household_id)
       SELECT * FROM ended ORDER BY household_id, id`,
      [professionalId, organisationId, endedAt, endReason],
    );
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, householdId: r.household_id }));
  }

  /** Oldest first, keyset on (created_at, id). */
  async listPage(householdId: string, includeEnded: boolean, limit: number, after?: [string, string]): Promise<LinkWithNames[]> {
    const qb = this.withNames().where('l.household_id = :householdId', { householdId });
    if (!includeEnded) qb.andWhere('l.ended_at IS NULL');
    if (after) qb.andWhere('(l.created_at, l.id) > (:afterCreated, :afterId)', { afterCreated: after[0], afterId: after[1] });
    return this.load(qb.orderBy('l.created_at', 'ASC').addOrderBy('l.id', 'ASC').limit(limit + 1));
  }

  async findWithNames(householdId: string, linkId: string): Promise<LinkWithNames | undefined> {
    const [link] = await this.load(this.withNames().where('l.household_id = :householdId AND l.id = :linkId', { householdId, linkId }));
    return link;
  }

  private withNames() {
    return this.repo
      .createQueryBuilder('l')
      .innerJoin('organisation', 'o', 'o.id = l.organisation_id')
      .leftJoin('professional', 'p', 'p.id = l.professional_id')
      .addSelect('o.name', 'organisation_name')
      .addSelect('p.name', 'professional_name');
  }

  private async load(qb: ReturnType<CareTeamRepository['withNames']>): Promise<LinkWithNames[]> {
    const { entities, raw } = await qb.getRawAndEntities<{ organisation_name: string; professional_name: string | null }>();
    return entities.map((e, i) => Object.assign(e, { organisationName: raw[i]!.organisation_name, professionalName: raw[i]!.professional_name }));
  }
}
