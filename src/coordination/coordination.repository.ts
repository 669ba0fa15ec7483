import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { TransactionHost } from '../database/transaction-host.js';
import { CoordinatorAssignmentEntity } from './entities/coordinator-assignment.entity.js';

export type AssignmentWithName = CoordinatorAssignmentEntity & { professionalName: string };

@Injectable()
export class CoordinationRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.manager.getRepository(CoordinatorAssignmentEntity);
  }

  findActive(householdId: string): Promise<CoordinatorAssignmentEntity | null> {
    return this.repo.findOneBy({ householdId, endedAt: IsNull() });
  }

  async activeHouseholdsOf(professionalId: string): Promise<string[]> {
    const rows = await this.repo.find({ select: { householdId: true }, where: { professionalId, endedAt: IsNull() }, order: { householdId: 'ASC' } });
    return rows.map((r) => r.householdId);
  }

  async endActive(householdId: string, endedAt: Date, endReason: string): Promise<void> {
    await this.repo.update({ householdId, endedAt: IsNull() }, { endedAt, endReason });
  }

  insert(values: Pick<CoordinatorAssignmentEntity, 'tenantId' | 'householdId' | 'professionalId' | 'startedAt' | 'reason' | 'assignedById'>) {
    return this.repo.save(this.repo.create({ ...values, endedAt: null, endReason: null }));
  }

  /** Newest first, keyset on (started_at, id). */
  async historyPage(householdId: string, limit: number, after?: [string, string]): Promise<AssignmentWithName[]> {
    const qb = this.repo
      .createQueryBuilder('a')
      .innerJoin('professional', 'p', 'p.id = a.professional_id')
      .addSelect('p.name', 'professional_name')
      .where('a.household_id = :householdId', { householdId });
    if (after) qb.andWhere('(a.started_at, a.id) < (:afterStarted, :afterId)', { afterStarted: after[0], afterId: after[1] });
    const { entities, raw } = await qb.orderBy('a.started_at', 'DESC').addOrderBy('a.id', 'DESC').limit(limit + 1).getRawAndEntities<{ professional_name: string }>();
    return entities.map((e, i) => Object.assign(e, { professionalName: raw[i]!.professional_name }));
  }
}
