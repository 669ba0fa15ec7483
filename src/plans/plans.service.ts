import { Injectable } from '@nestjs/common';
import { householdNotFound } from '../access/access.errors.js';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { CommonErrors } from '../common/domain-error.js';
import { staleVersion } from '../common/etag.js';
import { pageLimit, decodeCursor, toPage, type Page, type PageQueryDto } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import type { EventDraft } from '../events/domain-event.js';
import { CaseGate } from '../households/case-gate.js';
import { householdClosed } from '../households/case-gate.errors.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { ProfessionalsRepository } from '../professionals/professionals.repository.js';
import { unknownLifeDomain } from '../tenants/tenants.errors.js';
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
import { actionOwnerId, changedDomains, mapAction, mapPlan, mapRevision, mapRevisionSummary, scopedAggregate, scopedChanges, scopedSnapshot, withoutHiddenOwners } from './plans.mapper.js';
import type { ReaderScope } from '../access/reader-scope.js';
import { PlansRepository, type PlanAggregate } from './plans.repository.js';

/** A prepared change to the plan aggregate: what will change, and how to write it once the version gate passed. */
interface Mutation {
  changes: PlanChange[];
  apply: () => Promise<void>;
  events?: EventDraft[];
}

type OwnerColumns = Pick<PlanActionEntity, 'ownerType' | 'ownerProfessionalId' | 'ownerOrganisationId' | 'ownerMemberId' | 'ownerNetworkMemberId'>;

/** Where an action's owner must be found, per kind of owner, for the 422 when it is not. */
const OWNER_PLACES: Record<ActionOwnerDto['type'], { noun: string; nl: string; en: string }> = {
  professional: { noun: 'professional', nl: 'in uw gemeente', en: 'in your municipality' },
  organisation: { noun: 'organisatie', nl: 'in uw gemeente', en: 'in your municipality' },
  member: { noun: 'gezinslid', nl: 'onder de leden van het huishouden', en: 'among the household members' },
  network_member: { noun: 'netwerklid', nl: 'in het netwerk van het plan', en: "in the plan's network" },
};

const actionNotFound = (actionId: string) =>
  PlanErrors.create('ACTION_NOT_FOUND', { nl: `Het plan heeft geen actie met id ${actionId}.`, en: `The plan has no action with id ${actionId}.` });

const PLAN_OF_CLOSED_HOUSEHOLD = { nl: 'Het huishouden is afgesloten; het plan kan niet meer worden gewijzigd.', en: 'The household is closed; its plan can no longer be changed.' };

const planNotFound = () =>
  PlanErrors.create('PLAN_NOT_FOUND', {
    nl: 'Dit huishouden heeft nog geen plan. Maak het aan met POST …/plan.',
    en: 'This household has no plan yet. Create it with POST …/plan.',
  });

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
    private readonly gate: CaseGate,
    private readonly clock: Clock,
  ) {}

  /** The one plan of a household. Creation is serialised on the household row; a second create is a 409. */
  async create(householdId: string, input: CreatePlanDto): Promise<PlanDto> {
    await this.access.requireCaseManager(householdId, { nl: 'het plan maken', en: 'make the plan' });
    const actor = this.context.actor;
    return this.gate.change(householdId, { refuseClosed: { nl: 'Het huishouden is afgesloten; heropen het voordat u een plan maakt.', en: 'The household is closed; reopen it before making a plan.' } }, async (household, change) => {
      if (await this.plans.findByHousehold(householdId)) {
        throw PlanErrors.create('PLAN_ALREADY_EXISTS', {
          nl: 'Een huishouden heeft precies één plan. Lees het met GET …/plan en wijzig het met PATCH.',
          en: 'A household has exactly one plan. Read it with GET …/plan and change it with PATCH.',
        });
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
      await change.record({ type: 'plan.created', aggregateId: plan.id, payload: { version: 1 } });
      return mapPlan(aggregate);
    });
  }

  /** Access check, legal basis and the whole plan in one query (see PlansRepository.findVisibleAggregate). */
  async get(householdId: string): Promise<PlanDto> {
    const found = await this.plans.findVisibleAggregate(householdId, this.access.visibleRead('h'));
    if (!found) throw householdNotFound(householdId);
    const scope = this.access.noteVisible(householdId, found.access);
    if (!found.aggregate) throw planNotFound();
    return withoutHiddenOwners(mapPlan(scopedAggregate(found.aggregate, scope)), scope);
  }

  async update(householdId: string, expectedVersion: number, input: UpdatePlanDto): Promise<PlanDto> {
    if (Object.values(input).every((v) => v === undefined)) throw CommonErrors.create('NOTHING_TO_CHANGE', { nl: 'Stuur minstens één veld om te wijzigen.', en: 'Send at least one field to change.' });
    await this.access.requireCaseManager(householdId, { nl: 'het plan wijzigen', en: 'change the plan' });
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
    await this.access.requireCaseManager(householdId, { nl: 'het plan wijzigen', en: 'change the plan' });
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
    if (Object.values(input).every((v) => v === undefined)) throw CommonErrors.create('NOTHING_TO_CHANGE', { nl: 'Stuur minstens één veld om te wijzigen.', en: 'Send at least one field to change.' });
    await this.access.requireCaseManager(householdId, { nl: 'het plan wijzigen', en: 'change the plan' });
    const aggregate = await this.change(householdId, expectedVersion, async ({ goals }) => {
      const goal = goals.find((g) => g.id === goalId);
      if (!goal) throw PlanErrors.create('GOAL_NOT_FOUND', { nl: `Het plan heeft geen doel met id ${goalId}.`, en: `The plan has no goal with id ${goalId}.` });
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
    await this.access.requireCaseManager(householdId, { nl: 'het plan wijzigen', en: 'change the plan' });
    let actionId = '';
    const aggregate = await this.change(
      householdId,
      expectedVersion,
      async (current) => {
        if (!current.goals.some((g) => g.id === goalId)) {
          throw PlanErrors.create('GOAL_NOT_FOUND', {
            nl: `Het plan heeft geen doel met id ${goalId}.`,
            en: `The plan has no goal with id ${goalId}.`,
          });
        }
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
      () => [{ type: 'action.assigned', aggregateId: actionId, payload: { actionId, ownerType: input.owner.type, ownerId: input.owner.id } }],
    );
    return { plan: mapPlan(aggregate), action: mapAction(aggregate.actions.find((a) => a.id === actionId)!) };
  }

  /**
   * Coordinators and supervisors may change anything; the professional (or organisation) that owns an action
   * may change its status only, so partners can report progress on their own steps.
   *
   * The hot path of a plan (issue 11): one statement reads the household, the caller's access (basis, scope, whether
   * they are the case manager) and the whole plan; one statement writes the version gate, the action, the revision
   * and the events, and travels with the audit event and COMMIT (two round trips in all). The answers and their
   * order are those of `change`.
   */
  async updateAction(householdId: string, actionId: string, expectedVersion: number, input: UpdateActionDto): Promise<{ planVersion: number; action: ActionDto }> {
    if (Object.values(input).every((v) => v === undefined)) throw CommonErrors.create('NOTHING_TO_CHANGE', { nl: 'Stuur minstens één veld om te wijzigen.', en: 'Send at least one field to change.' });
    const actor = this.context.actor;
    return this.gate.changeFound(
      { refuseClosed: PLAN_OF_CLOSED_HOUSEHOLD },
      async () => {
        const found = await this.plans.findVisibleAggregateForChange(householdId, this.access.visibleChangeRead('h'));
        if (!found) throw householdNotFound(householdId);
        const { scope, isCaseManager } = this.access.noteVisibleToAct(householdId, found.access, { nl: 'een actie wijzigen', en: 'change an action' });
        // may this caller touch this action at all? Decided before the version gate or the household's state answer;
        // an action outside the caller's scope is not found, as if it did not exist
        if (!isCaseManager) {
          if (!found.aggregate) throw planNotFound();
          const action = scopedAggregate(found.aggregate, scope).actions.find((a) => a.id === actionId);
          if (!action) throw actionNotFound(actionId);
          this.checkOwnerMayUpdate(action, input);
        }
        return found;
      },
      async ({ aggregate: current }, change) => {
        // the answer is the action and the plan's version (its ETag): the plan itself is not mapped for it
        const respond = (aggregate: PlanAggregate) => ({ planVersion: aggregate.plan.version, action: mapAction(aggregate.actions.find((a) => a.id === actionId)!) });
        if (!current) throw planNotFound();
        if (current.plan.version !== expectedVersion) staleVersion('plan', current.plan.version, expectedVersion);
        const action = current.actions.find((a) => a.id === actionId);
        if (!action) throw actionNotFound(actionId);
        const owner = input.owner ? await this.resolveOwner(current, input.owner) : undefined;
        const status = input.status !== undefined && input.status !== action.status ? input.status : undefined;
        const at = this.clock.now();
        const fields: Partial<PlanActionEntity> = {
          ...(input.description !== undefined && { description: input.description.trim() }),
          ...(input.dueDate !== undefined && { dueDate: input.dueDate }),
          ...(status !== undefined && { status, completedAt: status === 'done' ? at : null }),
          ...owner,
        };
        const changed = changedFields(action, fields).filter((f) => f !== 'completedAt');
        // a change that changes nothing writes nothing (no version, no revision, no event)
        if (changed.length === 0) return respond(current);

        const events: EventDraft[] = [];
        if (owner && actionOwnerId({ ...action, ...owner } as PlanActionEntity) !== actionOwnerId(action)) {
          events.push({ type: 'action.assigned', aggregateId: actionId, payload: { actionId, ownerType: owner.ownerType, ownerId: input.owner!.id } });
        }
        if (status === 'done') events.push({ type: 'action.completed', aggregateId: actionId, payload: { actionId } });
        // the plan as it will be once the gate lets the change through: the revision's snapshot and the answer (the
        // gate guarantees nothing else changed it since it was read: every change bumps the version)
        const version = expectedVersion + 1;
        const after: PlanAggregate = {
          ...current,
          plan: { ...current.plan, version, updatedById: actor.professionalId, updatedAt: at },
          actions: current.actions.map((a) => (a.id === actionId ? { ...a, ...fields } : a)),
        };
        const changes: PlanChange[] = [{ op: 'update', target: 'action', id: actionId, fields: changed }];
        await this.plans.changeAction({
          planId: current.plan.id,
          expectedVersion,
          // read in the same statement as the caller's access: a hand-over, close, reopen or care-team change since
          // then moves it, and the change is refused rather than committed on a right that has ended
          expectedAccessEpoch: current.plan.accessEpoch,
          actorId: actor.professionalId,
          at,
          actionId,
          fields,
          revision: { tenantId: actor.tenantId, snapshot: mapPlan(after) as unknown as Record<string, unknown>, changes: changes as unknown as Array<Record<string, unknown>> },
          alsoWrite: (gate, param) =>
            change.recordSql(
              gate,
              param,
              // the domains it touched let notifications and the timeline follow each reader's scope
              { type: 'plan.updated', aggregateId: current.plan.id, payload: { version, targets: ['action'], domainCodes: changedDomains(after, changes) } },
              ...events,
            ),
        });
        // written with the audit event and COMMIT: a plan that moved on since the read fails the commit with 412
        return respond(after);
      },
    );
  }

  async revisions(householdId: string, query: PageQueryDto): Promise<Page<PlanRevisionSummaryDto>> {
    const scope = await this.access.readerScope(householdId);
    const plan = await this.requirePlan(householdId);
    const limit = pageLimit(query);
    const before = decodeCursor(query.cursor, ['int']) as [number] | undefined;
    const rows = await this.plans.revisionsPage(plan.id, limit, before?.[0]);
    const current = scope.full ? undefined : await this.plans.loadAggregate(plan.id);
    return toPage(rows, limit, (r) => [r.number], (r) => this.scopedSummary(mapRevisionSummary(r), current, scope));
  }

  async revision(householdId: string, number: number): Promise<PlanRevisionDto> {
    const scope = await this.access.readerScope(householdId);
    const plan = await this.requirePlan(householdId);
    const revision = await this.plans.findRevision(plan.id, number);
    if (!revision) {
      throw PlanErrors.create('REVISION_NOT_FOUND', {
        nl: `Het plan heeft geen versie ${number}; het staat op versie ${plan.version}.`,
        en: `The plan has no revision ${number}; it is at version ${plan.version}.`,
      });
    }
    const mapped = mapRevision(revision);
    if (scope.full) return mapped;
    const current = await this.plans.loadAggregate(plan.id);
    return { ...this.scopedSummary(mapped, current, scope), snapshot: scopedSnapshot(mapped.snapshot, scope) };
  }

  /** A revision's changes as the reader may see them (goals and actions of other domains left out). */
  private scopedSummary<R extends PlanRevisionSummaryDto>(summary: R, current: PlanAggregate | undefined, scope: ReaderScope): R {
    return current ? { ...summary, changes: scopedChanges(summary.changes, current, scope) } : summary;
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
    // no household row lock here: concurrent plan changes are serialised by the version gate below
    return this.gate.change(householdId, { refuseClosed: PLAN_OF_CLOSED_HOUSEHOLD, lock: false }, async (_household, change) => {
      const plan = await this.requirePlan(householdId);
      if (plan.version !== expectedVersion) staleVersion('plan', plan.version, expectedVersion);
      const mutation = await prepare(await this.plans.loadAggregate(plan.id));
      if (mutation.changes.length === 0) return this.plans.loadAggregate(plan.id);

      const version = await this.plans.bumpVersion(plan.id, expectedVersion, actor.professionalId, this.clock.now());
      if (version === undefined) {
        // a close that committed while this change waited for the plan's row lock (an outside run saw a plan change
        // land after the case was closed)
        const now = await this.requirePlan(householdId);
        if (now.householdClosed) throw householdClosed(PLAN_OF_CLOSED_HOUSEHOLD);
        staleVersion('plan', now.version);
      }
      // the row lock is held: a change of coordination (which raises the plan's access epoch, so takes this lock)
      // has committed or waits for this one. A coordinator let through before it is asked again now
      await this.access.confirmCoordinatorUnderLock(householdId);
      await mutation.apply();
      const after = await this.plans.loadAggregate(plan.id);
      const changes = finishChanges(mutation.changes);
      await this.writeRevision(after, changes);
      await change.record(
        // the domains it touched let notifications and the timeline follow each reader's scope
        { type: 'plan.updated', aggregateId: plan.id, payload: { version: version!, targets: [...new Set(changes.map((c) => c.target))], domainCodes: changedDomains(after, changes) } },
        ...(mutation.events ?? []),
        ...lateEvents(),
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
        throw PlanErrors.create('UNKNOWN_LIST_ENTRY', {
          nl: `Er is geen ${target === 'networkMember' ? 'netwerklid' : 'voorziening in de buurt'} met id ${w.id} in dit plan; laat het id weg om een nieuw element toe te voegen.`,
          en: `There is no ${target} with id ${w.id} in this plan; omit the id to add a new one.`,
        }, {
          errors: [{ field: `${target}s[${index}].id`, messages: [{ nl: 'id moet een element van dit plan zijn', en: 'id must be an entry of this plan' }] }],
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
      case 'professional': {
        // share-locked: a deactivation running meanwhile then finds this action among the person's (and announces it),
        // or this change reads the person deactivated (422)
        const person = await this.professionals.findInTenantForShare(tenantId, owner.id);
        const columns = this.ownerOrFail(person?.active === true, owner, { ...none, ownerType: 'professional', ownerProfessionalId: owner.id });
        await this.requireWorksOn(current, owner, { professionalId: person!.id, organisationId: person!.organisationId, supervisor: person!.roles.includes('supervisor') });
        return columns;
      }
      case 'organisation': {
        const columns = this.ownerOrFail((await this.organisations.findInTenant(tenantId, owner.id)) !== null, owner, { ...none, ownerType: 'organisation', ownerOrganisationId: owner.id });
        await this.requireWorksOn(current, owner, { professionalId: null, organisationId: owner.id, supervisor: false });
        return columns;
      }
      case 'member':
        exists = (await this.households.findActiveMember(current.plan.householdId, owner.id)) !== null;
        return this.ownerOrFail(exists, owner, { ...none, ownerType: 'member', ownerMemberId: owner.id });
      case 'network_member':
        exists = current.networkMembers.some((n) => n.id === owner.id);
        return this.ownerOrFail(exists, owner, { ...none, ownerType: 'network_member', ownerNetworkMemberId: owner.id });
    }
  }

  /**
   * An action's owner must work on the case: otherwise the household is not theirs to see, and the action is one they
   * can neither find nor report on (an outside run gave one to a police officer who was not on the care team).
   */
  private async requireWorksOn(current: PlanAggregate, owner: ActionOwnerDto, who: { professionalId: string | null; organisationId: string; supervisor: boolean }): Promise<void> {
    if (await this.access.worksOn(who, current.plan.householdId)) return;
    const noun = owner.type === 'professional' ? { nl: 'Deze professional', en: 'This professional' } : { nl: 'Deze organisatie', en: 'This organisation' };
    throw PlanErrors.create(
      'OWNER_NOT_INVOLVED',
      {
        nl: `${noun.nl} werkt niet aan dit huishouden: koppel hen eerst aan het zorgteam, of kies een andere eigenaar.`,
        en: `${noun.en} does not work on this household: link them to the care team first, or choose another owner.`,
      },
      { errors: [{ field: 'owner.id', messages: [{ nl: 'owner.id moet de regisseur zijn, of in het zorgteam van het huishouden staan', en: 'owner.id must be the coordinator, or be on the care team of the household' }] }] },
    );
  }

  private ownerOrFail(exists: boolean, owner: ActionOwnerDto, columns: OwnerColumns): OwnerColumns {
    if (exists) return columns;
    const where = OWNER_PLACES[owner.type];
    throw PlanErrors.create(
      'UNKNOWN_ACTION_OWNER',
      {
        nl: `Er bestaat geen actieve ${where.noun} met id ${owner.id} ${where.nl}.`,
        en: `No active ${owner.type.replace('_', ' ')} with id ${owner.id} exists ${where.en}.`,
      },
      { errors: [{ field: 'owner.id', messages: [{ nl: `owner.id moet een ${where.noun} ${where.nl} zijn`, en: `owner.id must be a ${owner.type} ${where.en}` }] }] },
    );
  }

  private checkOwnerMayUpdate(action: PlanActionEntity, input: UpdateActionDto): void {
    const actor = this.context.actor;
    const owns = action.ownerProfessionalId === actor.professionalId || action.ownerOrganisationId === actor.organisationId;
    const onlyStatus = input.description === undefined && input.owner === undefined && input.dueDate === undefined;
    if (!owns) {
      throw PlanErrors.create('ONLY_STATUS_FOR_OWNER', {
        nl: 'Alleen de regisseur van het huishouden, een supervisor of de eigenaar van de actie mag deze actie wijzigen.',
        en: "Only the household's coordinator, a supervisor or the action's owner may change this action.",
      });
    }
    if (!onlyStatus) {
      throw PlanErrors.create('ONLY_STATUS_FOR_OWNER', {
        nl: 'Als eigenaar van deze actie mag u alleen de status wijzigen; vraag de regisseur om andere wijzigingen.',
        en: 'As owner of this action you may change its status only; ask the coordinator for other changes.',
      });
    }
  }

  private async requireLifeDomain(code: string): Promise<void> {
    if (!(await this.tenants.isActiveLifeDomain(this.context.actor.tenantId, code))) {
      throw unknownLifeDomain(['domainCode']);
    }
  }

  private async requirePlan(householdId: string): Promise<PlanEntity> {
    const plan = await this.plans.findByHousehold(householdId);
    if (!plan) throw planNotFound();
    return plan;
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
