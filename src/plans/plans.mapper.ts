import { HOUSEHOLD_NOTE, memberItem, scopeCovers, type ReaderScope } from '../access/reader-scope.js';
import type { PlanChange } from './plan-change.js';
import type { ActionDto, PlanDto, PlanRevisionDto, PlanRevisionSummaryDto } from './dto/plan.dto.js';
import type { PlanActionEntity } from './entities/plan-action.entity.js';
import type { PlanAggregate, RevisionWithName } from './plans.repository.js';

export function actionOwnerId(a: PlanActionEntity): string {
  return (a.ownerProfessionalId ?? a.ownerOrganisationId ?? a.ownerMemberId ?? a.ownerNetworkMemberId)!;
}

export const mapAction = (a: PlanActionEntity): ActionDto => ({
  id: a.id,
  goalId: a.goalId,
  description: a.description,
  owner: { type: a.ownerType, id: actionOwnerId(a) },
  dueDate: a.dueDate,
  status: a.status,
  completedAt: a.completedAt?.toISOString() ?? null,
});

export function mapPlan({ plan, goals, actions, networkMembers, communityResources }: PlanAggregate): PlanDto {
  return {
    id: plan.id,
    householdId: plan.householdId,
    version: plan.version,
    familyWishes: plan.familyWishes,
    familyStrengths: plan.familyStrengths,
    reviewDate: plan.reviewDate,
    goals: goals.map((g) => ({
      id: g.id,
      domainCode: g.domainCode,
      title: g.title,
      description: g.description,
      status: g.status,
      targetDate: g.targetDate,
      actions: actions.filter((a) => a.goalId === g.id).map(mapAction),
    })),
    networkMembers: networkMembers.map((n) => ({ id: n.id, name: n.name, relation: n.relation, support: n.support })),
    communityResources: communityResources.map((c) => ({ id: c.id, name: c.name, kind: c.kind, note: c.note })),
    updatedById: plan.updatedById,
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}

export const mapRevisionSummary = (r: RevisionWithName): PlanRevisionSummaryDto => ({
  number: r.number,
  changedById: r.changedById,
  changedByName: r.changedByName,
  changedAt: r.changedAt.toISOString(),
  changes: r.changes as unknown as PlanChange[],
});

export const mapRevision = (r: RevisionWithName): PlanRevisionDto => ({
  ...mapRevisionSummary(r),
  snapshot: r.snapshot as unknown as PlanDto,
});

/**
 * The plan as a reader sees it (purpose limitation): goals of the domains their scope covers, with their actions.
 * The family's own words, network and community resources belong to the plan as a whole and stay.
 */
export function scopedAggregate(aggregate: PlanAggregate, scope: ReaderScope): PlanAggregate {
  if (scope.full) return aggregate;
  const goals = aggregate.goals.filter((g) => scopeCovers(scope, { domains: [g.domainCode] }));
  const goalIds = new Set(goals.map((g) => g.id));
  return { ...aggregate, goals, actions: aggregate.actions.filter((a) => goalIds.has(a.goalId)) };
}

/** The domains a revision's changes touched: of the goals changed and of the goals of the actions changed. */
export function changedDomains(aggregate: PlanAggregate, changes: readonly PlanChange[]): string[] {
  const goalDomain = new Map(aggregate.goals.map((g) => [g.id, g.domainCode]));
  const actionGoal = new Map(aggregate.actions.map((a) => [a.id, a.goalId]));
  const domains = changes.flatMap((c) => {
    if (!c.id) return [];
    const goalId = c.target === 'goal' ? c.id : c.target === 'action' ? actionGoal.get(c.id) : undefined;
    const domain = goalId ? goalDomain.get(goalId) : undefined;
    return domain ? [domain] : [];
  });
  return [...new Set(domains)];
}

/** A revision's changes a reader may see: plan-level ones, and those of goals and actions in their domains. */
export function scopedChanges<C extends { target: string; id?: string }>(changes: C[], aggregate: PlanAggregate, scope: ReaderScope): C[] {
  if (scope.full) return changes;
  const visible = scopedAggregate(aggregate, scope);
  const ids = new Set([...visible.goals.map((g) => g.id), ...visible.actions.map((a) => a.id)]);
  return changes.filter((c) => (c.target !== 'goal' && c.target !== 'action') || (c.id !== undefined && ids.has(c.id)));
}

/** A stored snapshot (a PlanDto) as a reader sees it: goals of their domains only. */
export function scopedSnapshot(snapshot: PlanDto, scope: ReaderScope): PlanDto {
  // an erased plan's revisions hold no snapshot of the plan any more
  if (scope.full || !Array.isArray(snapshot.goals)) return snapshot;
  return withoutHiddenOwners({ ...snapshot, goals: snapshot.goals.filter((g) => scopeCovers(scope, { domains: [g.domainCode] })) }, scope);
}

/**
 * An action of a goal the reader may see can be owned by a member they may not see: its owner then reads as a
 * member without an id — the id would name someone the household read leaves out.
 */
export function withoutHiddenOwners(plan: PlanDto, scope: ReaderScope): PlanDto {
  if (scope.full) return plan;
  const hidden = (owner: ActionDto['owner']) => owner.type === 'member' && owner.id !== null && !scopeCovers(scope, memberItem(owner.id));
  return withoutHouseholdNotes(
    {
      ...plan,
      goals: plan.goals.map((g) => ({ ...g, actions: g.actions.map((a) => (hidden(a.owner) ? { ...a, owner: { type: 'member', id: null } } : a)) })),
    },
    scope,
  );
}

/**
 * The plan's free text about the household as a whole — the family's wishes and strengths, what a network member
 * does, a note on a community resource — may name any member or domain (debts, a parent's depression: an outside run
 * read both as a school linked for one child's schooling). Like the registration reason, it is a note of the whole
 * household (`HOUSEHOLD_NOTE`): null for a reader whose scope does not open that. Who is in the network, and which
 * resources the family uses, stay: who else works with the family is what the one plan is about.
 */
function withoutHouseholdNotes(plan: PlanDto, scope: ReaderScope): PlanDto {
  if (scopeCovers(scope, HOUSEHOLD_NOTE)) return plan;
  return {
    ...plan,
    familyWishes: null,
    familyStrengths: null,
    networkMembers: plan.networkMembers.map((n) => ({ ...n, support: null })),
    communityResources: plan.communityResources.map((c) => ({ ...c, note: null })),
  };
}
