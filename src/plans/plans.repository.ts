import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { VisibleRead } from '../access/access.service.js';
import { entitiesFromJson, entityFromJson } from '../database/json-rows.js';
import { PreparedStatements, PreparedTexts } from '../database/prepared-statement.js';
import { TransactionHost } from '../database/transaction-host.js';
import { PlanActionEntity } from './entities/plan-action.entity.js';
import { PlanCommunityResourceEntity } from './entities/plan-community-resource.entity.js';
import { PlanGoalEntity } from './entities/plan-goal.entity.js';
import { PlanNetworkMemberEntity } from './entities/plan-network-member.entity.js';
import { PlanRevisionEntity } from './entities/plan-revision.entity.js';
import { PlanEntity } from './entities/plan.entity.js';
import { HouseholdEntity } from '../households/entities/household.entity.js';

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
  private readonly aggregateReads = new PreparedStatements('plan_aggregate');
  private readonly changeStatements = new PreparedTexts('plan_change');

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
   * change writes is serialised behind it. Returns the new version, or undefined when the plan moved on or its
   * household was closed meanwhile (`household_closed`: a close takes the plan's row lock, migration 1764601400000).
   */
  async bumpVersion(planId: string, expectedVersion: number, actorId: string, at: Date, fields: PlanFields = {}): Promise<number | undefined> {
    const result = await this.m
      .createQueryBuilder()
      .update(PlanEntity)
      .set({ ...fields, version: () => 'version + 1', updatedById: actorId, updatedAt: at })
      .where('id = :planId AND version = :expectedVersion AND NOT household_closed', { planId, expectedVersion })
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

  /**
   * A household's plan with goals, actions, network and community resources, read with the need-to-know rule and
   * the basis (`read`, household alias `h`) in one statement: one round trip. Undefined when the household does not
   * exist or the caller may not see it; `aggregate` undefined when it has no plan. Children in the orders of
   * `loadAggregate`.
   */
  async findVisibleAggregate(householdId: string, read: VisibleRead): Promise<{ aggregate?: PlanAggregate; access: Record<string, unknown> } | undefined> {
    return this.visibleAggregate(householdId, read, false);
  }

  /**
   * `findVisibleAggregate` for a change: the household row too (the gate's state check needs it), still one
   * statement. Read without a lock: the version gate of `changeAction` decides whether the change still applies.
   */
  async findVisibleAggregateForChange(householdId: string, read: VisibleRead): Promise<{ household: HouseholdEntity; aggregate?: PlanAggregate; access: Record<string, unknown> } | undefined> {
    const found = await this.visibleAggregate(householdId, read, true);
    return found && { ...found, household: entityFromJson(this.m, HouseholdEntity, found.access.household_json)! };
  }

  private async visibleAggregate(householdId: string, read: VisibleRead, withHousehold: boolean): Promise<{ aggregate?: PlanAggregate; access: Record<string, unknown> } | undefined> {
    // built once per shape of reader and prepared: no query builder on this hot path of every plan read and change,
    // no parsing on the server (profiles in docs/benchmarks.md)
    const statement = this.aggregateReads.get(`${read.shape}:${withHousehold ? 'with-household' : 'plan'}`, () => {
      const { joins, where, basisColumns } = read.sql();
      const children = (table: string, alias: string, order: string) =>
        `(SELECT COALESCE(json_agg(${alias} ORDER BY ${order}), '[]'::json) FROM ${table} ${alias} WHERE ${alias}.plan_id = p.id)`;
      return (
        `SELECT to_json(p) AS plan_json,` +
        ` ${children('plan_goal', 'g', 'g.position, g.id')} AS goals_json,` +
        ` ${children('plan_action', 'a', 'a.created_at, a.id')} AS actions_json,` +
        ` ${children('plan_network_member', 'n', 'n.name, n.id')} AS network_json,` +
        ` ${children('plan_community_resource', 'r', 'r.name, r.id')} AS resources_json` +
        basisColumns.map(([expression, name]) => `, ${expression} AS ${name}`).join('') +
        (withHousehold ? ', to_json(h) AS household_json' : '') +
        ` FROM household h LEFT JOIN plan p ON p.household_id = h.id${joins} WHERE h.id = :householdId AND (${where})`
      );
    });
    const [row] = await this.tx.prepared<Record<string, unknown>>(statement, { ...read.params, householdId });
    if (!row) return undefined;
    const plan = entityFromJson(this.m, PlanEntity, row.plan_json);
    if (!plan) return { access: row };
    return {
      access: row,
      aggregate: {
        plan,
        goals: entitiesFromJson(this.m, PlanGoalEntity, row.goals_json),
        actions: entitiesFromJson(this.m, PlanActionEntity, row.actions_json),
        networkMembers: entitiesFromJson(this.m, PlanNetworkMemberEntity, row.network_json),
        communityResources: entitiesFromJson(this.m, PlanCommunityResourceEntity, row.resources_json),
      },
    };
  }

  /**
   * A change of one action as one statement (data-modifying CTEs): the version gate (the conditional UPDATE of the
   * plan row, which also takes its row lock), the action's new values, the revision and whatever `alsoWrite` adds
   * (the change's events, see `CaseChange.recordSql`) — each written only when the gate let the change through. When
   * the plan moved on, the statement raises `EP412` with the plan's version now (`eenplan_plan_change_conflict`,
   * answered as 412 by the problem filter) and nothing is written; when only who may act changed since the read (the
   * plan's `access_epoch`, migration 1764601900000), `plan_access_changed` (409 ACCESS_CHANGED). The action's triggers (the restriction guard of
   * AVG art. 18) fire as for any UPDATE and fail the whole statement.
   *
   * Nothing is read from its answer, so it does not wait for one: it travels with the transaction's next statement
   * or with its COMMIT (`TransactionHost.deferWrite`), and so does its error.
   */
  async changeAction(change: {
    planId: string;
    expectedVersion: number;
    /** `plan.access_epoch` as read with the caller's access (migration 1764601900000). */
    expectedAccessEpoch: number;
    actorId: string;
    at: Date;
    actionId: string;
    fields: Partial<PlanActionEntity>;
    revision: Pick<PlanRevisionEntity, 'tenantId' | 'snapshot' | 'changes'>;
    alsoWrite: (gate: string, param: (value: unknown) => string) => string;
  }): Promise<void> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const columns = this.m.connection.getMetadata(PlanActionEntity);
    const sets = Object.entries(change.fields)
      .filter(([, value]) => value !== undefined)
      .map(([property, value]) => `${columns.findColumnWithPropertyName(property)!.databaseName} = ${param(value)}`);
    const plan = param(change.planId);
    const expectedVersion = param(change.expectedVersion);
    const gate =
      `UPDATE plan SET version = version + 1, updated_by_id = ${param(change.actorId)}, updated_at = ${param(change.at)} ` +
      `WHERE id = ${plan} AND version = ${expectedVersion} AND access_epoch = ${param(change.expectedAccessEpoch)} AND NOT household_closed RETURNING id, version`;
    const action = `UPDATE plan_action SET ${[...sets, 'updated_at = CURRENT_TIMESTAMP'].join(', ')} WHERE id = ${param(change.actionId)} AND plan_id = (SELECT id FROM gate)`;
    const revision =
      `INSERT INTO plan_revision (tenant_id, plan_id, number, snapshot, changes, changed_by_id, changed_at) ` +
      `SELECT ${param(change.revision.tenantId)}::uuid, gate.id, gate.version, ${param(JSON.stringify(change.revision.snapshot))}::jsonb, ` +
      `${param(JSON.stringify(change.revision.changes))}::jsonb, ${param(change.actorId)}::uuid, ${param(change.at)}::timestamptz FROM gate`;
    const also = change.alsoWrite('gate', param);
    const text =
      `WITH gate AS (${gate}), action AS (${action}), revision AS (${revision}), also AS (${also}) ` +
      `SELECT eenplan_plan_change_conflict(${plan}, ${expectedVersion}) WHERE NOT EXISTS (SELECT FROM gate)`;
    // the text depends only on which fields change and which events follow, not on values: named, the server parses
    // and plans it once per connection and shape (half of this statement's server time; docs/benchmarks.md)
    await this.tx.deferWrite({ name: this.changeStatements.name(text), text, values: params });
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

  /**
   * The unfinished actions (open, in progress) a professional owns in person, by household still open; oldest first.
   * For a household without a coordinator now, the municipality's intake team, which picks vacant cases up.
   */
  async unfinishedActionsOwnedBy(professionalId: string): Promise<Array<{ tenantId: string; householdId: string; actionIds: string[]; intakeOrganisationId: string | null }>> {
    const rows = await this.m.query<Array<{ tenant_id: string; household_id: string; action_ids: string[]; intake_organisation_id: string | null }>>(
      `SELECT p.tenant_id, p.household_id, array_agg(a.id::text ORDER BY a.created_at, a.id) AS action_ids,
              CASE WHEN NOT EXISTS (SELECT 1 FROM coordinator_assignment ca WHERE ca.household_id = p.household_id AND ca.ended_at IS NULL)
                   THEN (SELECT o.id FROM organisation o WHERE o.tenant_id = p.tenant_id AND o.is_intake_team ORDER BY o.id LIMIT 1) END AS intake_organisation_id
         FROM plan_action a JOIN plan p ON p.id = a.plan_id JOIN household h ON h.id = p.household_id
        WHERE a.owner_professional_id = $1 AND a.status IN ('open', 'in_progress') AND h.status <> 'closed'
        GROUP BY p.tenant_id, p.household_id ORDER BY p.household_id`,
      [professionalId],
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, householdId: r.household_id, actionIds: r.action_ids, intakeOrganisationId: r.intake_organisation_id }));
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
