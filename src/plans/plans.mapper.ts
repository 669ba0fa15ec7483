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
