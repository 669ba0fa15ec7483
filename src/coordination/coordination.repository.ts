import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { entitiesFromJson } from '../database/json-rows.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { AssignmentEndKind } from './coordination-states.js';
import { CoordinatorAssignmentEntity } from './entities/coordinator-assignment.entity.js';
import { CoordinatorHandoverEntity } from './entities/coordinator-handover.entity.js';
import { HouseholdCoordinationEntity } from './entities/household-coordination.entity.js';

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

  async endActive(householdId: string, endedAt: Date, endReason: string, endKind: AssignmentEndKind = 'handed_over', overlapUntil: Date | null = null): Promise<void> {
    await this.repo.update({ householdId, endedAt: IsNull() }, { endedAt, endReason, endKind, overlapUntil });
  }

  findState(householdId: string): Promise<HouseholdCoordinationEntity | null> {
    return this.tx.manager.getRepository(HouseholdCoordinationEntity).findOneBy({ householdId });
  }

  private get handovers() {
    return this.tx.manager.getRepository(CoordinatorHandoverEntity);
  }

  findPendingHandover(householdId: string): Promise<CoordinatorHandoverEntity | null> {
    return this.handovers.findOneBy({ householdId, status: 'proposed' });
  }

  findHandover(tenantId: string, id: string): Promise<CoordinatorHandoverEntity | null> {
    return this.handovers.findOneBy({ tenantId, id });
  }

  insertHandover(values: Pick<CoordinatorHandoverEntity, 'tenantId' | 'householdId' | 'fromProfessionalId' | 'toProfessionalId' | 'proposedById' | 'reason' | 'overlapDays' | 'proposedAt'>) {
    return this.handovers.save(this.handovers.create({ ...values, status: 'proposed', decidedAt: null, declineReason: null }));
  }

  /** Decides the proposal if it is still pending; false when it was decided or withdrawn meanwhile. */
  async decideHandover(id: string, status: 'accepted' | 'declined', decidedAt: Date, declineReason: string | null = null): Promise<boolean> {
    const result = await this.handovers.update({ id, status: 'proposed' }, { status, decidedAt, declineReason });
    return result.affected === 1;
  }

  /**
   * Withdraws the pending proposals to a professional, or for a household (from one, or any); returns those it withdrew (not
   * what it read: a decline or an assignment that got there first is not reported as withdrawn).
   */
  async withdrawHandovers(which: { toProfessionalId: string } | { householdId: string; fromProfessionalId?: string }, at: Date): Promise<CoordinatorHandoverEntity[]> {
    const [where, params] =
      'toProfessionalId' in which
        ? ['to_professional_id = $2', [at, which.toProfessionalId]]
        : which.fromProfessionalId === undefined
          ? ['household_id = $2', [at, which.householdId]]
          : ['household_id = $2 AND from_professional_id = $3', [at, which.householdId, which.fromProfessionalId]];
    const [rows] = await this.tx.manager.query<[Array<Record<string, unknown>>, number]>(
      `UPDATE coordinator_handover SET status = 'withdrawn', decided_at = $1 WHERE status = 'proposed' AND ${where} RETURNING *`,
      params,
    );
    return entitiesFromJson(this.tx.manager, CoordinatorHandoverEntity, rows);
  }

  listHandovers(householdId: string): Promise<CoordinatorHandoverEntity[]> {
    return this.handovers.find({ where: { householdId }, order: { proposedAt: 'DESC', id: 'DESC' }, take: 100 });
  }

  /** Ends the professional's running overlaps at `at` (no overlap at all where the hand-over was at that moment). */
  async endOverlapsOf(professionalId: string, at: Date): Promise<void> {
    await this.tx.manager.query(
      'UPDATE coordinator_assignment SET overlap_until = CASE WHEN $2 > ended_at THEN $2::timestamptz END WHERE professional_id = $1 AND overlap_until > $2',
      [professionalId, at],
    );
  }

  /** The outgoing coordinator still in the overlap after a hand-over (not accountable), if any. */
  findOverlap(householdId: string, now: Date): Promise<CoordinatorAssignmentEntity | null> {
    return this.repo.createQueryBuilder('a').where('a.household_id = :householdId AND a.overlap_until > :now', { householdId, now }).orderBy('a.overlap_until', 'DESC').getOne();
  }

  async namesOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.tx.manager.query<Array<{ id: string; name: string }>>('SELECT id, name FROM professional WHERE id = ANY($1::uuid[])', [ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
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
