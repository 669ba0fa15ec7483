import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TransactionHost } from '../database/transaction-host.js';
import { PlanActionEntity } from './entities/plan-action.entity.js';
import { PlanCommunityResourceEntity } from './entities/plan-community-resource.entity.js';
import { PlanGoalEntity } from './entities/plan-goal.entity.js';
import { PlanNetworkMemberEntity } from './entities/plan-network-member.entity.js';
import { PlanRevisionEntity } from './entities/plan-revision.entity.js';
import { PlanEntity } from './entities/plan.entity.js';

export interface PlanAggregate {
  plan: PlanEntity;
  goals: PlanGoalEntity[];
  actions: PlanActionEntity[];
  networkMembers: PlanNetworkMemberEntity[];
  communityResources: PlanCommunityResourceEntity[];
}

export type RevisionWithName = PlanRevisionEntity & { changedByName: string };

type PlanFields = Partial<Pick<PlanEntity, 'familyWishes' | 'familyStrengths' | 'reviewDate'>>;

@Injectable()
export class PlansRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get m() {
    return this.tx.manager;
  }

  findByHousehold(householdId: string): Promise<PlanEntity | null> {
    return this.m.getRepository(PlanEntity).findOneBy({ householdId });
  }

  insertPlan(values: Pick<PlanEntity, 'tenantId' | 'householdId' | 'familyWishes' | 'familyStrengths' | 'reviewDate' | 'createdById' | 'updatedById'>) {
    const repo = this.m.getRepository(PlanEntity);
    return repo.save(repo.create({ ...values, version: 1 }));
  }

  /**
   * The optimistic-concurrency gate: one conditional UPDATE. It also takes the row lock, so everything else the
   * change writes is serialised behind it. Returns the new version, or undefined when the plan moved on.
   */
  async bumpVersion(planId: string, expectedVersion: number, actorId: string, at: Date, fields: PlanFields = {}): Promise<number | undefined> {
    const result = await this.m
      .createQueryBuilder()
      .update(PlanEntity)
      .set({ ...fields, version: () => 'version + 1', updatedById: actorId, updatedAt: at })
      .where('id = :planId AND version = :expectedVersion', { planId, expectedVersion })
      .returning(['version'])
      .execute();
    return (result.raw as Array<{ version: number }>)[0]?.version;
  }

  async bumpFields(planId: string, fields: PlanFields, at: Date): Promise<void> {
    await this.m.getRepository(PlanEntity).update({ id: planId }, { ...fields, updatedAt: at });
  }

  async loadAggregate(planId: string): Promise<PlanAggregate> {
    const plan = await this.m.getRepository(PlanEntity).findOneByOrFail({ id: planId });
    // Sequential on purpose: inside a transaction all queries share one connection.
    const goals = await this.m.getRepository(PlanGoalEntity).find({ where: { planId }, order: { position: 'ASC', id: 'ASC' } });
    const actions = await this.m.getRepository(PlanActionEntity).find({ where: { planId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const networkMembers = await this.m.getRepository(PlanNetworkMemberEntity).find({ where: { planId }, order: { name: 'ASC', id: 'ASC' } });
    const communityResources = await this.m.getRepository(PlanCommunityResourceEntity).find({ where: { planId }, order: { name: 'ASC', id: 'ASC' } });
    return { plan, goals, actions, networkMembers, communityResources };
  }

  // goals
  async nextGoalPosition(planId: string): Promise<number> {
    const row = await this.m.getRepository(PlanGoalEntity).createQueryBuilder('g').select('COALESCE(MAX(g.position), -1) + 1', 'next').where('g.plan_id = :planId', { planId }).getRawOne<{ next: number }>();
    return Number(row?.next ?? 0);
  }

  insertGoal(values: Omit<PlanGoalEntity, 'id' | 'createdAt' | 'updatedAt'>): Promise<PlanGoalEntity> {
    const repo = this.m.getRepository(PlanGoalEntity);
    return repo.save(repo.create(values));
  }

  findGoal(planId: string, goalId: string): Promise<PlanGoalEntity | null> {
    return this.m.getRepository(PlanGoalEntity).findOneBy({ planId, id: goalId });
  }

  async updateGoal(goalId: string, changes: Partial<PlanGoalEntity>): Promise<void> {
    await this.m.getRepository(PlanGoalEntity).update({ id: goalId }, changes);
  }

  // actions
  insertAction(values: Omit<PlanActionEntity, 'id' | 'createdAt' | 'updatedAt'>): Promise<PlanActionEntity> {
    const repo = this.m.getRepository(PlanActionEntity);
    return repo.save(repo.create(values));
  }

  findAction(planId: string, actionId: string): Promise<PlanActionEntity | null> {
    return this.m.getRepository(PlanActionEntity).findOneBy({ planId, id: actionId });
  }

  async updateAction(actionId: string, changes: Partial<PlanActionEntity>): Promise<void> {
    await this.m.getRepository(PlanActionEntity).update({ id: actionId }, changes);
  }

  // network members and community resources: replaced as lists
  listNetworkMembers(planId: string) {
    return this.m.getRepository(PlanNetworkMemberEntity).findBy({ planId });
  }

  async saveNetworkMembers(rows: Array<Partial<PlanNetworkMemberEntity>>, removeIds: string[]): Promise<void> {
    const repo = this.m.getRepository(PlanNetworkMemberEntity);
    if (removeIds.length > 0) await repo.delete({ id: In(removeIds) });
    if (rows.length > 0) await repo.save(rows.map((r) => repo.create(r)));
  }

  listCommunityResources(planId: string) {
    return this.m.getRepository(PlanCommunityResourceEntity).findBy({ planId });
  }

  async saveCommunityResources(rows: Array<Partial<PlanCommunityResourceEntity>>, removeIds: string[]): Promise<void> {
    const repo = this.m.getRepository(PlanCommunityResourceEntity);
    if (removeIds.length > 0) await repo.delete({ id: In(removeIds) });
    if (rows.length > 0) await repo.save(rows.map((r) => repo.create(r)));
  }

  // revisions (append-only)
  async insertRevision(values: Pick<PlanRevisionEntity, 'tenantId' | 'planId' | 'number' | 'snapshot' | 'changes' | 'changedById' | 'changedAt'>): Promise<void> {
    await this.m.query(
      `INSERT INTO plan_revision (tenant_id, plan_id, number, snapshot, changes, changed_by_id, changed_at) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7)`,
      [values.tenantId, values.planId, values.number, JSON.stringify(values.snapshot), JSON.stringify(values.changes), values.changedById, values.changedAt],
    );
  }

  /** Newest first; keyset on the revision number. */
  async revisionsPage(planId: string, limit: number, beforeNumber?: number): Promise<RevisionWithName[]> {
    const qb = this.revisionsWithName().where('r.plan_id = :planId', { planId });
    if (beforeNumber !== undefined) qb.andWhere('r.number < :beforeNumber', { beforeNumber });
    return this.loadRevisions(qb.orderBy('r.number', 'DESC').limit(limit + 1));
  }

  async findRevision(planId: string, number: number): Promise<RevisionWithName | undefined> {
    const [revision] = await this.loadRevisions(this.revisionsWithName().where('r.plan_id = :planId AND r.number = :number', { planId, number }));
    return revision;
  }

  private revisionsWithName() {
    return this.m.getRepository(PlanRevisionEntity).createQueryBuilder('r').innerJoin('professional', 'p', 'p.id = r.changed_by_id').addSelect('p.name', 'changed_by_name');
  }

  private async loadRevisions(qb: ReturnType<PlansRepository['revisionsWithName']>): Promise<RevisionWithName[]> {
    const { entities, raw } = await qb.getRawAndEntities<{ changed_by_name: string }>();
    return entities.map((e, i) => Object.assign(e, { changedByName: raw[i]!.changed_by_name }));
  }
}
