import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { ConsentEntity } from './entities/consent.entity.js';

@Injectable()
export class ConsentsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.manager.getRepository(ConsentEntity);
  }

  insert(values: Omit<ConsentEntity, 'id' | 'withdrawnAt' | 'withdrawnById' | 'withdrawalReason'>): Promise<ConsentEntity> {
    return this.repo.save(this.repo.create({ ...values, withdrawnAt: null, withdrawnById: null, withdrawalReason: null }));
  }

  find(householdId: string, id: string): Promise<ConsentEntity | null> {
    return this.repo.findOneBy({ householdId, id });
  }

  /**
   * The consent under a share lock, for a link about to rest on it: a withdrawal running meanwhile (its UPDATE) waits
   * for the link's transaction and then ends the link with the others, or the link's check waits for the withdrawal
   * and reads it withdrawn — never a standing link on a withdrawn consent.
   */
  findForShare(householdId: string, id: string): Promise<ConsentEntity | null> {
    return this.repo.createQueryBuilder('c').setLock('pessimistic_read').where('c.household_id = :householdId AND c.id = :id', { householdId, id }).getOne();
  }

  /** Oldest first, keyset on (recorded_at, id). */
  listPage(householdId: string, limit: number, after?: [string, string]): Promise<ConsentEntity[]> {
    const qb = this.repo.createQueryBuilder('c').where('c.household_id = :householdId', { householdId });
    if (after) qb.andWhere('(c.recorded_at, c.id) > (:afterRecorded, :afterId)', { afterRecorded: after[0], afterId: after[1] });
    return qb.orderBy('c.recorded_at', 'ASC').addOrderBy('c.id', 'ASC').limit(limit + 1).getMany();
  }

  /** Withdraws once; false when it already was. */
  async withdraw(id: string, at: Date, byId: string, reason: string): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ withdrawnAt: at, withdrawnById: byId, withdrawalReason: reason })
      .where('id = :id AND withdrawn_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Ends the care-team links that rest on this consent; returns how many. */
  /** Ends the standing links that rest on the consent; returns them, as they were, for their events. */
  async endLinksOf(consentId: string, at: Date): Promise<Array<{ id: string; organisationId: string; professionalId: string | null }>> {
    const rows = await this.tx.manager.query<Array<{ id: string; organisation_id: string; professional_id: string | null }>>(
      // as a query with rows (TypeORM answers a bare UPDATE … RETURNING with [rows, count])
      `WITH ended AS (UPDATE care_team_link SET ended_at = $2, end_reason = 'Consent withdrawn' WHERE consent_id = $1 AND ended_at IS NULL RETURNING id, organisation_id, professional_id) SELECT * FROM ended`,
      [consentId, at],
    );
    return rows.map((r) => ({ id: r.id, organisationId: r.organisation_id, professionalId: r.professional_id }));
  }
}
