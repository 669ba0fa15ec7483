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
