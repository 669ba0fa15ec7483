import type { ActionDto, PlanDto } from '../plans/dto/plan.dto.js';
import type { PlanChange } from '../plans/plan-change.js';
import type { ActionOwnerType, ActionStatus, GoalStatus } from '../plans/plan-values.js';
import type { DemoRows } from './demo-rows.js';

interface GoalState {
  id: string;
  domainCode: string;
  title: string;
  status: GoalStatus;
  targetDate: string;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

interface ActionState {
  id: string;
  goalId: string;
  description: string;
  ownerType: ActionOwnerType;
  ownerId: string;
  dueDate: string;
  status: ActionStatus;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * One household's plan played forward in memory, the way PlansService changes it: every change bumps the version
 * and writes a revision holding the whole plan after the change (the PlanDto snapshot, same shape as the API's)
 * and what changed. At the end the final state becomes the plan's rows.
 */
export class DemoPlanState {
  version = 0;
  private reviewDate: string;
  private updatedAt: Date;
  private updatedById: string;
  private readonly goals: GoalState[] = [];
  private readonly actions: ActionState[] = [];

  constructor(
    private readonly rows: DemoRows,
    private readonly tenantId: string,
    readonly id: string,
    private readonly householdId: string,
    private readonly fields: { familyWishes: string; familyStrengths: string; reviewDate: string },
    private readonly networkMembers: Array<{ id: string; name: string; relation: string; support: string | null }>,
    private readonly communityResources: Array<{ id: string; name: string; kind: string | null; note: string | null }>,
    private readonly createdAt: Date,
    private readonly createdById: string,
  ) {
    this.reviewDate = fields.reviewDate;
    this.updatedAt = createdAt;
    this.updatedById = createdById;
    this.revise(createdAt, createdById, [{ op: 'create', target: 'plan', id }]);
  }

  addGoal(at: Date, by: string, goal: { id: string; domainCode: string; title: string; targetDate: string }): void {
    this.goals.push({ ...goal, status: 'open', position: this.goals.length, createdAt: at, updatedAt: at });
    this.revise(at, by, [{ op: 'add', target: 'goal', id: goal.id }]);
  }

  achieveGoal(at: Date, by: string, goalId: string): void {
    Object.assign(this.goal(goalId), { status: 'achieved', updatedAt: at });
    this.revise(at, by, [{ op: 'update', target: 'goal', id: goalId, fields: ['status'] }]);
  }

  addAction(at: Date, by: string, action: { id: string; goalId: string; description: string; ownerType: ActionOwnerType; ownerId: string; dueDate: string }): void {
    this.actions.push({ ...action, status: 'open', completedAt: null, createdAt: at, updatedAt: at });
    this.revise(at, by, [{ op: 'add', target: 'action', id: action.id }]);
  }

  setActionStatus(at: Date, by: string, actionId: string, status: 'in_progress' | 'done'): void {
    const action = this.actions.find((a) => a.id === actionId)!;
    Object.assign(action, { status, completedAt: status === 'done' ? at : null, updatedAt: at });
    this.revise(at, by, [{ op: 'update', target: 'action', id: actionId, fields: ['status'] }]);
  }

  review(at: Date, by: string, reviewDate: string): void {
    this.reviewDate = reviewDate;
    this.revise(at, by, [{ op: 'update', target: 'plan', id: this.id, fields: ['reviewDate'] }]);
  }

  /** The plan, its goals, actions, network members and community resources as they stand after the story. */
  writeRows(): void {
    const { rows, tenantId } = this;
    rows.plan.push({
      id: this.id,
      tenant_id: tenantId,
      household_id: this.householdId,
      version: this.version,
      family_wishes: this.fields.familyWishes,
      family_strengths: this.fields.familyStrengths,
      review_date: this.reviewDate,
      created_by_id: this.createdById,
      updated_by_id: this.updatedById,
      created_at: this.createdAt,
      updated_at: this.updatedAt,
    });
    for (const n of this.networkMembers) rows.plan_network_member.push({ ...n, tenant_id: tenantId, plan_id: this.id });
    for (const c of this.communityResources) rows.plan_community_resource.push({ ...c, tenant_id: tenantId, plan_id: this.id });
    for (const g of this.goals) {
      rows.plan_goal.push({
        id: g.id,
        tenant_id: tenantId,
        plan_id: this.id,
        domain_code: g.domainCode,
        title: g.title,
        status: g.status,
        target_date: g.targetDate,
        position: g.position,
        created_at: g.createdAt,
        updated_at: g.updatedAt,
      });
    }
    for (const a of this.actions) {
      rows.plan_action.push({
        id: a.id,
        tenant_id: tenantId,
        plan_id: this.id,
        goal_id: a.goalId,
        description: a.description,
        owner_type: a.ownerType,
        owner_professional_id: a.ownerType === 'professional' ? a.ownerId : null,
        owner_organisation_id: a.ownerType === 'organisation' ? a.ownerId : null,
        owner_member_id: a.ownerType === 'member' ? a.ownerId : null,
        owner_network_member_id: a.ownerType === 'network_member' ? a.ownerId : null,
        due_date: a.dueDate,
        status: a.status,
        completed_at: a.completedAt,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
      });
    }
  }

  private goal(id: string): GoalState {
    return this.goals.find((g) => g.id === id)!;
  }

  private revise(at: Date, by: string, changes: PlanChange[]): void {
    this.version += 1;
    this.updatedAt = at;
    this.updatedById = by;
    this.rows.plan_revision.push({
      tenant_id: this.tenantId,
      plan_id: this.id,
      number: this.version,
      snapshot: this.snapshot(),
      changes,
      changed_by_id: by,
      changed_at: at,
    });
  }

  private snapshot(): PlanDto {
    const action = (a: ActionState): ActionDto => ({
      id: a.id,
      goalId: a.goalId,
      description: a.description,
      owner: { type: a.ownerType, id: a.ownerId },
      dueDate: a.dueDate,
      status: a.status,
      completedAt: a.completedAt?.toISOString() ?? null,
    });
    return {
      id: this.id,
      householdId: this.householdId,
      version: this.version,
      familyWishes: this.fields.familyWishes,
      familyStrengths: this.fields.familyStrengths,
      reviewDate: this.reviewDate,
      goals: this.goals.map((g) => ({
        id: g.id,
        domainCode: g.domainCode,
        title: g.title,
        description: null,
        status: g.status,
        targetDate: g.targetDate,
        actions: this.actions.filter((a) => a.goalId === g.id).map(action),
      })),
      networkMembers: this.networkMembers,
      communityResources: this.communityResources,
      updatedById: this.updatedById,
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}
