import { Injectable } from '@nestjs/common';
import { householdNotFound } from '../access/access.errors.js';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { staleVersion } from '../common/etag.js';
import { pageLimit, decodeCursor, toPage, type Page, type PageQueryDto } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { DomainEvent } from '../events/domain-event.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { ProfessionalsRepository } from '../professionals/professionals.repository.js';
import { TenantsRepository } from '../tenants/tenants.repository.js';
import type { ActionDto, GoalDto, PlanDto, PlanRevisionDto, PlanRevisionSummaryDto } from './dto/plan.dto.js';
import type {
  ActionOwnerDto,
  CommunityResourceInputDto,
  CreateActionDto,
  CreateGoalDto,
  CreatePlanDto,
  NetworkMemberInputDto,
  UpdateActionDto,
  UpdateGoalDto,
  UpdatePlanDto,
} from './dto/plan-input.dto.js';
import type { PlanActionEntity } from './entities/plan-action.entity.js';
import type { PlanEntity } from './entities/plan.entity.js';
import { changedFields, type PlanChange } from './plan-change.js';
import { PlanErrors } from './plans.errors.js';
import { actionOwnerId, mapAction, mapPlan, mapRevision, mapRevisionSummary } from './plans.mapper.js';
import { PlansRepository, type PlanAggregate } from './plans.repository.js';

/** A prepared change to the plan aggregate: what will change, and how to write it once the version gate passed. */
interface Mutation {
  changes: PlanChange[];
  apply: () => Promise<void>;
  events?: Array<Omit<DomainEvent, 'tenantId' | 'actorId' | 'householdId'>>;
}

type OwnerColumns = Pick<PlanActionEntity, 'ownerType' | 'ownerProfessionalId' | 'ownerOrganisationId' | 'ownerMemberId' | 'ownerNetworkMemberId'>;

@Injectable()
export class PlansService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly households: HouseholdsRepository,
    private readonly professionals: ProfessionalsRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly tenants: TenantsRepository,
    private readonly access: AccessService,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  /** The one plan of a household. Creation is serialised on the household row; a second create is a 409. */
  async create(householdId: string, input: CreatePlanDto): Promise<PlanDto> {
    await this.access.requireCaseManager(householdId, 'make the plan');
    const actor = this.context.actor;
    return this.tx.run(async () => {
      const household = await this.households.lockById(actor.tenantId, householdId);
      if (!household) throw householdNotFound(householdId);
      if (household.status === 'closed') throw PlanErrors.create('HOUSEHOLD_CLOSED', 'The household is closed; reopen it before making a plan.');
      if (await this.plans.findByHousehold(householdId)) {
        throw PlanErrors.create('PLAN_ALREADY_EXISTS', 'A household has exactly one plan. Read it with GET …/plan and change it with PATCH.');
      }
      const plan = await this.plans.insertPlan({
        tenantId: actor.tenantId,
        householdId,
        familyWishes: input.familyWishes?.trim() ?? '',
        familyStrengths: input.familyStrengths?.trim() ?? '',
        reviewDate: input.reviewDate ?? null,
        createdById: actor.professionalId,
        updatedById: actor.professionalId,
      });
      await this.replaceNetworkMembers(plan, [], input.networkMembers ?? []).apply();
      await this.replaceCommunityResources(plan, [], input.communityResources ?? []).apply();
      if (household.status === 'registered' || household.status === 'intake') {
        await this.households.updateIfVersion(householdId, undefined, { status: 'active', intakeStartedAt: household.intakeStartedAt ?? this.clock.now() });
      }
      const aggregate = await this.plans.loadAggregate(plan.id);
      await this.writeRevision(aggregate, [{ op: 'create', target: 'plan', id: plan.id }]);
      await this.outbox.record(this.event(householdId, { type: 'plan.created', aggregateType: 'plan', aggregateId: plan.id, payload: { version: 1 } }));
      return mapPlan(aggregate);
    });
  }

  async get(householdId: string): Promise<PlanDto> {
    await this.access.requireVisible(householdId);
    const plan = await this.requirePlan(householdId);
    return mapPlan(await this.plans.loadAggregate(plan.id));
  }

  async update(householdId: string, expectedVersion: number, input: UpdatePlanDto): Promise<PlanDto> {
    if (Object.values(input).every((v) => v === undefined)) throw PlanErrors.create('NOTHING_TO_CHANGE', 'Send at least one field to change.');
    await this.access.requireCaseManager(householdId, 'change the plan');
    const aggregate = await this.change(householdId, expectedVersion, async ({ plan, networkMembers, communityResources }) => {
      const fields = {
        ...(input.familyWishes !== undefined && { familyWishes: input.familyWishes.trim() }),
        ...(input.familyStrengths !== undefined && { familyStrengths: input.familyStrengths.trim() }),
        ...(input.reviewDate !== undefined && { reviewDate: input.reviewDate }),
      };
      const changed = changedFields(plan, fields);
      const parts: Mutation[] = [];
      if (changed.length > 0) {
        parts.push({ changes: [{ op: 'update', target: 'plan', id: plan.id, fields: changed }], apply: () => this.plans.bumpFields(plan.id, fields, this.clock.now()) });
      }
      if (input.networkMembers) parts.push(this.replaceNetworkMembers(plan, networkMembers, input.networkMembers));
      if (input.communityResources) parts.push(this.replaceCommunityResources(plan, communityResources, input.communityResources));
      return combine(parts);
    });
    return mapPlan(aggregate);
  }

  async addGoal(householdId: string, expectedVersion: number, input: CreateGoalDto): Promise<{ plan: PlanDto; goal: GoalDto }> {
    await this.access.requireCaseManager(householdId, 'change the plan');
    let goalId = '';
    const aggregate = await this.change(householdId, expectedVersion, async ({ plan }) => {
      await this.requireLifeDomain(input.domainCode);
      return {
        changes: [{ op: 'add', target: 'goal' }],
        apply: async () => {
          const goal = await this.plans.insertGoal({
            tenantId: plan.tenantId,
            planId: plan.id,
            domainCode: input.domainCode,
            title: input.title.trim(),
            description: input.description?.trim() || null,
            status: 'open',
            targetDate: input.targetDate ?? null,
            position: await this.plans.nextGoalPosition(plan.id),
          });
          goalId = goal.id;
        },
      };
    }, (changes) => changes.map((c) => (c.target === 'goal' && c.op === 'add' ? { ...c, id: goalId } : c)));
    const plan = mapPlan(aggregate);
    return { plan, goal: plan.goals.find((g) => g.id === goalId)! };
  }

  async updateGoal(householdId: string, goalId: string, expectedVersion: number, input: UpdateGoalDto): Promise<{ plan: PlanDto; goal: GoalDto }> {
    if (Object.values(input).every((v) => v === undefined)) throw PlanErrors.create('NOTHING_TO_CHANGE', 'Send at least one field to change.');
    await this.access.requireCaseManager(householdId, 'change the plan');
    const aggregate = await this.change(householdId, expectedVersion, async ({ goals }) => {
      const goal = goals.find((g) => g.id === goalId);
      if (!goal) throw PlanErrors.create('GOAL_NOT_FOUND', `The plan has no goal with id ${goalId}.`);
      if (input.domainCode !== undefined) await this.requireLifeDomain(input.domainCode);
      const fields = {
        ...(input.domainCode !== undefined && { domainCode: input.domainCode }),
        ...(input.title !== undefined && { title: input.title.trim() }),
        ...(input.description !== undefined && { description: input.description?.trim() || null }),
        ...(input.status !== undefined && { status: input.status }),
        ...(input.targetDate !== undefined && { targetDate: input.targetDate }),
      };
      const changed = changedFields(goal, fields);
      if (changed.length === 0) return { changes: [], apply: async () => undefined };
      return { changes: [{ op: 'update', target: 'goal', id: goalId, fields: changed }], apply: () => this.plans.updateGoal(goalId, fields) };
    });
    const plan = mapPlan(aggregate);
    return { plan, goal: plan.goals.find((g) => g.id === goalId)! };
  }

  async addAction(householdId: string, goalId: string, expectedVersion: number, input: CreateActionDto): Promise<{ plan: PlanDto; action: ActionDto }> {
    await this.access.requireCaseManager(householdId, 'change the plan');
    let actionId = '';
    const aggregate = await this.change(
      householdId,
      expectedVersion,
      async (current) => {
        if (!current.goals.some((g) => g.id === goalId)) throw PlanErrors.create('GOAL_NOT_FOUND', `The plan has no goal with id ${goalId}.`);
        const owner = await this.resolveOwner(current, input.owner);
        return {
          changes: [{ op: 'add', target: 'action' }],
          apply: async () => {
            const action = await this.plans.insertAction({
              tenantId: current.plan.tenantId,
              planId: current.plan.id,
              goalId,
              description: input.description.trim(),
              ...owner,
              dueDate: input.dueDate ?? null,
              status: 'open',
              completedAt: null,
            });
            actionId = action.id;
          },
        };
      },
      (changes) => changes.map((c) => (c.target === 'action' && c.op === 'add' ? { ...c, id: actionId } : c)),
      () => [{ type: 'action.assigned', aggregateType: 'action', aggregateId: actionId, payload: { actionId, ownerType: input.owner.type, ownerId: input.owner.id } }],
    );
    return { plan: mapPlan(aggregate), action: mapAction(aggregate.actions.find((a) => a.id === actionId)!) };
  }

  /**
   * Coordinators and supervisors may change anything; the professional (or organisation) that owns an action
   * may change its status only, so partners can report progress on their own steps.
   */
  async updateAction(householdId: string, actionId: string, expectedVersion: number, input: UpdateActionDto): Promise<{ plan: PlanDto; action: ActionDto }> {
    if (Object.values(input).every((v) => v === undefined)) throw PlanErrors.create('NOTHING_TO_CHANGE', 'Send at least one field to change.');
    await this.access.requireVisible(householdId);
    const isCaseManager = await this.isCaseManager(householdId);
    // may this caller touch this action at all? Decided before the version gate or the household's state answer
    if (!isCaseManager) this.checkOwnerMayUpdate(await this.requireAction(householdId, actionId), input);
    const events: Mutation['events'] = [];
    const aggregate = await this.change(householdId, expectedVersion, async (current) => {
      const action = current.actions.find((a) => a.id === actionId);
      if (!action) throw PlanErrors.create('ACTION_NOT_FOUND', `The plan has no action with id ${actionId}.`);
      if (!isCaseManager) this.checkOwnerMayUpdate(action, input);
      const owner = input.owner ? await this.resolveOwner(current, input.owner) : undefined;
      const status = input.status !== undefined && input.status !== action.status ? input.status : undefined;
      const fields: Partial<PlanActionEntity> = {
        ...(input.description !== undefined && { description: input.description.trim() }),
        ...(input.dueDate !== undefined && { dueDate: input.dueDate }),
        ...(status !== undefined && { status, completedAt: status === 'done' ? this.clock.now() : null }),
        ...owner,
      };
      const changed = changedFields(action, fields).filter((f) => f !== 'completedAt');
      if (changed.length === 0) return { changes: [], apply: async () => undefined };
      if (owner && actionOwnerId({ ...action, ...owner } as PlanActionEntity) !== actionOwnerId(action)) {
        events.push({ type: 'action.assigned', aggregateType: 'action', aggregateId: actionId, payload: { actionId, ownerType: owner.ownerType, ownerId: input.owner!.id } });
      }
      if (status === 'done') events.push({ type: 'action.completed', aggregateType: 'action', aggregateId: actionId, payload: { actionId } });
      return { changes: [{ op: 'update', target: 'action', id: actionId, fields: changed }], apply: () => this.plans.updateAction(actionId, fields), events };
    });
    return { plan: mapPlan(aggregate), action: mapAction(aggregate.actions.find((a) => a.id === actionId)!) };
  }

  async revisions(householdId: string, query: PageQueryDto): Promise<Page<PlanRevisionSummaryDto>> {
    await this.access.requireVisible(householdId);
    const plan = await this.requirePlan(householdId);
    const limit = pageLimit(query);
    const before = decodeCursor(query.cursor, ['int']) as [number] | undefined;
    const rows = await this.plans.revisionsPage(plan.id, limit, before?.[0]);
    return toPage(rows, limit, (r) => [r.number], mapRevisionSummary);
  }

  async revision(householdId: string, number: number): Promise<PlanRevisionDto> {
    await this.access.requireVisible(householdId);
    const plan = await this.requirePlan(householdId);
    const revision = await this.plans.findRevision(plan.id, number);
    if (!revision) throw PlanErrors.create('REVISION_NOT_FOUND', `The plan has no revision ${number}; it is at version ${plan.version}.`);
    return mapRevision(revision);
  }

  /**
   * Every change to the aggregate goes through here: check the version the client read, prepare the change,
   * then pass the version gate (one conditional UPDATE that also locks the plan row), write, and record the
   * revision and events — all in one transaction. A change that changes nothing writes nothing.
   */
  private async change(
    householdId: string,
    expectedVersion: number,
    prepare: (current: PlanAggregate) => Promise<Mutation>,
    finishChanges: (changes: PlanChange[]) => PlanChange[] = (c) => c,
    lateEvents: () => NonNullable<Mutation['events']> = () => [],
  ): Promise<PlanAggregate> {
    const actor = this.context.actor;
    return this.tx.run(async () => {
      const household = await this.households.findById(actor.tenantId, householdId);
      if (!household) throw householdNotFound(householdId);
      if (household.status === 'closed') throw PlanErrors.create('HOUSEHOLD_CLOSED', 'The household is closed; its plan can no longer be changed.');
      const plan = await this.requirePlan(householdId);
      if (plan.version !== expectedVersion) staleVersion('plan', plan.version);
      const mutation = await prepare(await this.plans.loadAggregate(plan.id));
      if (mutation.changes.length === 0) return this.plans.loadAggregate(plan.id);

      const version = await this.plans.bumpVersion(plan.id, expectedVersion, actor.professionalId, this.clock.now());
      if (version === undefined) staleVersion('plan', (await this.requirePlan(householdId)).version);
      await mutation.apply();
      const after = await this.plans.loadAggregate(plan.id);
      const changes = finishChanges(mutation.changes);
      await this.writeRevision(after, changes);
      await this.outbox.record(
        ...[
          { type: 'plan.updated' as const, aggregateType: 'plan' as const, aggregateId: plan.id, payload: { version: version!, targets: [...new Set(changes.map((c) => c.target))] } },
          ...(mutation.events ?? []),
          ...lateEvents(),
        ].map((e) => this.event(householdId, e)),
      );
      return after;
    });
  }

  private async writeRevision(aggregate: PlanAggregate, changes: PlanChange[]): Promise<void> {
    const actor = this.context.actor;
    await this.plans.insertRevision({
      tenantId: actor.tenantId,
      planId: aggregate.plan.id,
      number: aggregate.plan.version,
      snapshot: mapPlan(aggregate) as unknown as Record<string, unknown>,
      changes: changes as unknown as Array<Record<string, unknown>>,
      changedById: actor.professionalId,
      changedAt: this.clock.now(),
    });
  }

  private replaceNetworkMembers(plan: PlanEntity, current: Array<{ id: string }>, wanted: NetworkMemberInputDto[]): Mutation {
    return this.replaceList('networkMember', plan, current, wanted, (w) => ({ name: w.name.trim(), relation: w.relation.trim(), support: w.support?.trim() || null }), (rows, removed) =>
      this.plans.saveNetworkMembers(rows, removed),
    );
  }

  private replaceCommunityResources(plan: PlanEntity, current: Array<{ id: string }>, wanted: CommunityResourceInputDto[]): Mutation {
    return this.replaceList('communityResource', plan, current, wanted, (w) => ({ name: w.name.trim(), kind: w.kind?.trim() || null, note: w.note?.trim() || null }), (rows, removed) =>
      this.plans.saveCommunityResources(rows, removed),
    );
  }

  /** Entries with an id update that entry, entries without are added, and entries not listed are removed. */
  private replaceList<W extends { id?: string }, V extends object>(
    target: 'networkMember' | 'communityResource',
    plan: PlanEntity,
    current: Array<{ id: string } & Partial<V>>,
    wanted: W[],
    values: (w: W) => V,
    save: (rows: Array<Partial<V> & { id?: string; tenantId: string; planId: string }>, removeIds: string[]) => Promise<void>,
  ): Mutation {
    const byId = new Map(current.map((c) => [c.id, c]));
    const changes: PlanChange[] = [];
    for (const [index, w] of wanted.entries()) {
      if (w.id && !byId.has(w.id)) {
        throw PlanErrors.create('UNKNOWN_LIST_ENTRY', `There is no ${target} with id ${w.id} in this plan; omit the id to add a new one.`, {
          errors: [{ field: `${target}s[${index}].id`, messages: ['id must be an entry of this plan'] }],
        });
      }
      if (!w.id) changes.push({ op: 'add', target });
      else {
        const fields = changedFields(byId.get(w.id)! as V, values(w));
        if (fields.length > 0) changes.push({ op: 'update', target, id: w.id, fields });
      }
    }
    const keep = new Set(wanted.map((w) => w.id).filter(Boolean));
    const removeIds = current.filter((c) => !keep.has(c.id)).map((c) => c.id);
    for (const id of removeIds) changes.push({ op: 'remove', target, id });
    const rows = wanted.map((w) => ({ ...(w.id && { id: w.id }), tenantId: plan.tenantId, planId: plan.id, ...values(w) }));
    return { changes, apply: () => save(rows, removeIds) };
  }

  private async resolveOwner(current: PlanAggregate, owner: ActionOwnerDto): Promise<OwnerColumns> {
    const tenantId = this.context.actor.tenantId;
    const none = { ownerProfessionalId: null, ownerOrganisationId: null, ownerMemberId: null, ownerNetworkMemberId: null };
    let exists: boolean;
    switch (owner.type) {
      case 'professional':
        exists = (await this.professionals.findInTenant(tenantId, owner.id))?.active === true;
        return this.ownerOrFail(exists, owner, { ...none, ownerType: 'professional', ownerProfessionalId: owner.id });
      case 'organisation':
        exists = (await this.organisations.findInTenant(tenantId, owner.id)) !== null;
        return this.ownerOrFail(exists, owner, { ...none, ownerType: 'organisation', ownerOrganisationId: owner.id });
      case 'member':
        exists = (await this.households.findActiveMember(current.plan.householdId, owner.id)) !== null;
        return this.ownerOrFail(exists, owner, { ...none, ownerType: 'member', ownerMemberId: owner.id });
      case 'network_member':
        exists = current.networkMembers.some((n) => n.id === owner.id);
        return this.ownerOrFail(exists, owner, { ...none, ownerType: 'network_member', ownerNetworkMemberId: owner.id });
    }
  }

  private ownerOrFail(exists: boolean, owner: ActionOwnerDto, columns: OwnerColumns): OwnerColumns {
    if (exists) return columns;
    const where = owner.type === 'member' ? 'among the household members' : owner.type === 'network_member' ? "in the plan's network" : 'in your municipality';
    throw PlanErrors.create('UNKNOWN_ACTION_OWNER', `No active ${owner.type.replace('_', ' ')} with id ${owner.id} exists ${where}.`, {
      errors: [{ field: 'owner.id', messages: [`owner.id must be a ${owner.type} ${where}`] }],
    });
  }

  private checkOwnerMayUpdate(action: PlanActionEntity, input: UpdateActionDto): void {
    const actor = this.context.actor;
    const owns = action.ownerProfessionalId === actor.professionalId || action.ownerOrganisationId === actor.organisationId;
    const onlyStatus = input.description === undefined && input.owner === undefined && input.dueDate === undefined;
    if (!owns) throw PlanErrors.create('ONLY_STATUS_FOR_OWNER', "Only the household's coordinator, a supervisor or the action's owner may change this action.");
    if (!onlyStatus) throw PlanErrors.create('ONLY_STATUS_FOR_OWNER', 'As owner of this action you may change its status only; ask the coordinator for other changes.');
  }

  private async requireAction(householdId: string, actionId: string): Promise<PlanActionEntity> {
    const plan = await this.requirePlan(householdId);
    const action = (await this.plans.loadAggregate(plan.id)).actions.find((a) => a.id === actionId);
    if (!action) throw PlanErrors.create('ACTION_NOT_FOUND', `The plan has no action with id ${actionId}.`);
    return action;
  }

  private async isCaseManager(householdId: string): Promise<boolean> {
    if (this.context.hasRole('supervisor')) return true;
    return (await this.access.activeCoordinatorId(householdId)) === this.context.actor.professionalId;
  }

  private async requireLifeDomain(code: string): Promise<void> {
    if (!(await this.tenants.isActiveLifeDomain(this.context.actor.tenantId, code))) {
      throw PlanErrors.create('UNKNOWN_LIFE_DOMAIN', `"${code.slice(0, 40)}" is not a life domain of your municipality; see GET /life-domains.`, {
        errors: [{ field: 'domainCode', messages: ['domainCode must be a code from GET /life-domains'] }],
      });
    }
  }

  private async requirePlan(householdId: string): Promise<PlanEntity> {
    const plan = await this.plans.findByHousehold(householdId);
    if (!plan) throw PlanErrors.create('PLAN_NOT_FOUND', 'This household has no plan yet. Create it with POST …/plan.');
    return plan;
  }

  private event(householdId: string, e: Omit<DomainEvent, 'tenantId' | 'actorId' | 'householdId'>): DomainEvent {
    const actor = this.context.actor;
    return { ...e, tenantId: actor.tenantId, actorId: actor.professionalId, householdId };
  }
}

function combine(parts: Mutation[]): Mutation {
  return {
    changes: parts.flatMap((p) => p.changes),
    apply: async () => {
      for (const part of parts) await part.apply();
    },
  };
}
