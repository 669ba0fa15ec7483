import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { LegalHoldEntity } from './entities/legal-hold.entity.js';

@Injectable()
export class LegalHoldsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.manager.getRepository(LegalHoldEntity);
  }

  /**
   * Whether the household exists in the caller's municipality (row-level security), locked against the retention
   * purge (FOR SHARE): a hold placed while a purge of the case runs waits for it, then finds no household.
   */
  async lockHousehold(householdId: string): Promise<boolean> {
    const rows = await this.tx.manager.query<unknown[]>('SELECT 1 FROM household WHERE id = $1 FOR SHARE', [householdId]);
    return rows.length > 0;
  }

  async householdExists(householdId: string): Promise<boolean> {
    const rows = await this.tx.manager.query<unknown[]>('SELECT 1 FROM household WHERE id = $1', [householdId]);
    return rows.length > 0;
  }

  insert(values: Pick<LegalHoldEntity, 'tenantId' | 'householdId' | 'reason' | 'placedById' | 'placedAt'>): Promise<LegalHoldEntity> {
    return this.repo.save(this.repo.create({ ...values, liftedById: null, liftedAt: null, liftReason: null }));
  }

  /** The household's hold, locked for lifting. */
  findForUpdate(householdId: string, holdId: string): Promise<LegalHoldEntity | null> {
    return this.repo.createQueryBuilder('h').where('h.id = :holdId AND h.household_id = :householdId', { holdId, householdId }).setLock('pessimistic_write').getOne();
  }

  async lift(id: string, values: Pick<LegalHoldEntity, 'liftedById' | 'liftedAt' | 'liftReason'>): Promise<LegalHoldEntity> {
    await this.repo.update({ id }, values);
    return this.repo.findOneByOrFail({ id });
  }

  listPage(householdId: string, limit: number, after?: [string, string]): Promise<LegalHoldEntity[]> {
    const qb = this.repo.createQueryBuilder('h').where('h.household_id = :householdId', { householdId }).orderBy('h.placed_at', 'DESC').addOrderBy('h.id', 'DESC').limit(limit + 1);
    if (after) qb.andWhere('(h.placed_at, h.id) < (:at, :id)', { at: after[0], id: after[1] });
    return qb.getMany();
  }

  /** Whether any hold of the household is active (in whatever transaction is current: a request's or system work). */
  async isHeld(tenantId: string, householdId: string): Promise<boolean> {
    const rows = await this.tx.manager.query<unknown[]>(
      'SELECT 1 FROM legal_hold WHERE tenant_id = $1 AND household_id = $2 AND lifted_at IS NULL LIMIT 1',
      [tenantId, householdId],
    );
    return rows.length > 0;
  }
}
