import { fakerNL as faker } from '@faker-js/faker';
import { createEvent } from '../events/domain-event.js';
import type { DomainEventPayloads, DomainEventType } from '../events/event-types.js';
import type { HouseholdStatus, RiskLevel } from '../households/household-status.js';
import { DemoPlanState } from './demo-plan-state.js';
import { emptyDemoRows, type DemoRows } from './demo-rows.js';
import { DEMO_SEED } from './demo-story.js';
import type { ActionSpec, CareTeamLinkSpec, DemoStory, EpisodeSpec, GoalSpec, HouseholdSpec, OwnerSpec } from './demo-story-types.js';

/** Ids of what the services created: the municipality, its organisations and professionals (by story key). */
export interface DemoDirectory {
  tenantId: string;
  organisations: Map<string, string>;
  professionals: Map<string, string>;
}

/** The app's keyed match hashes (BsnCipher), so signals find demo households like any other. */
export interface DemoHashes {
  addressHash(postcode: string, houseNumber: number): string;
  birthDateHash(dateOfBirth: string): string;
}

const CLOSED_REASON = 'Household closed';

/**
 * Plays the story's year into rows, in time order per household, doing what the services would have done at each
 * moment — the same status moves, episode, assignment and care-team bookkeeping, plan versions with their
 * revisions, and the same domain events (with the same payloads) — but at the story's dates, which the API
 * cannot backdate. Events of the past year are written as already delivered: they are history on the timeline,
 * not news for today's inboxes and webhooks. Ids come from the seeded faker, so the demo is the same every time.
 */
export function playDemoHistory(story: DemoStory, directory: DemoDirectory, hashes: DemoHashes): DemoHistory {
  // its own seed: the ids do not depend on what else drew from faker in between
  faker.seed(DEMO_SEED + 1);
  const history: DemoHistory = { rows: emptyDemoRows(), reopenedWaiting: [] };
  for (const spec of story.households) new HouseholdPlayer(history, directory, hashes, spec).play();
  history.rows.outbox_event.sort((a, b) => (a.occurred_at as Date).getTime() - (b.occurred_at as Date).getTime());
  return history;
}

export interface DemoHistory {
  rows: DemoRows;
  /**
   * Households whose last step was a reopening nobody has taken up yet. They are written as they stood before it
   * (closed) and then reopened with an UPDATE, so the database's coordination trigger records what it would have:
   * vacant because reopened, since the new episode began.
   */
  reopenedWaiting: string[];
}

type Step = { at: Date; order: number; run: () => void };

class HouseholdPlayer {
  private readonly id = faker.string.uuid();
  private readonly tenantId: string;
  private readonly memberIds: string[];
  private readonly networkIds: string[];
  private status: HouseholdStatus = 'registered';
  private episode = 1;
  private intakeStartedAt: Date | null = null;
  private closedAt: Date | null = null;
  private riskLevel: RiskLevel;
  private version = 1;
  private updatedAt: Date;
  private coordinator: { assignmentId: string; professionalId: string } | undefined;
  private plan: DemoPlanState | undefined;
  private readonly openLinks: Array<Record<string, unknown>> = [];
  private currentEpisode: Record<string, unknown> | undefined;
  private readonly goalIds = new Map<GoalSpec, string>();
  private readonly actionIds = new Map<ActionSpec, string>();
  private readonly actionDomains = new Map<ActionSpec, string>();
  private readonly rows: DemoRows;
  private lastClosedAt: Date | null = null;

  constructor(
    private readonly history: DemoHistory,
    private readonly directory: DemoDirectory,
    private readonly hashes: DemoHashes,
    private readonly spec: HouseholdSpec,
  ) {
    this.rows = history.rows;
    this.tenantId = directory.tenantId;
    this.memberIds = spec.members.map(() => faker.string.uuid());
    this.networkIds = spec.plan.networkMembers.map(() => faker.string.uuid());
    this.riskLevel = spec.riskLevel;
    this.updatedAt = spec.episodes[0]!.startedAt;
  }

  play(): void {
    const steps: Step[] = [];
    const at = (t: Date | undefined, run: () => void) => {
      if (t) steps.push({ at: t, order: steps.length, run });
    };
    const { spec } = this;
    spec.episodes.forEach((e, i) => {
      at(e.startedAt, () => (i === 0 ? this.register(e) : this.reopen(e)));
      for (const a of e.assignments) at(a.at, () => this.assign(a.at, a.coordinatorKey, a.bySupervisor, a.reason));
      for (const link of e.careTeam) at(link.at, () => this.addLink(link.at, link));
      if (i === 0) at(spec.plan.createdAt, () => this.createPlan());
      else if (e.goals.length > 0) at(e.goals[0]!.addedAt, () => this.changeStatus(e.goals[0]!.addedAt, 'active'));
      for (const goal of e.goals) {
        at(goal.addedAt, () => this.addGoal(goal));
        for (const action of goal.actions) {
          at(action.addedAt, () => this.addAction(goal, action));
          for (const p of action.progress) at(p.at, () => this.progress(p.at, action, p.status));
        }
        at(goal.achievedAt, () => this.plan!.achieveGoal(goal.achievedAt!, this.coordinatorId(), this.goalIds.get(goal)!));
      }
      for (const r of e.reviews) at(r.at, () => this.plan!.review(r.at, this.coordinatorId(), r.reviewDate));
      for (const c of e.contacts) at(c.at, () => this.contact(c));
      for (const a of e.assessments) at(a.at, () => this.assess(a));
      at(e.aftercareAt, () => this.changeStatus(e.aftercareAt!, 'aftercare'));
      for (const r of e.riskChanges) at(r.at, () => this.changeRisk(r.at, r.riskLevel));
      at(e.closedAt, () => this.close(e.closedAt!, e.closeReason!));
    });
    steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
    for (const step of steps) step.run();
    this.writeHousehold();
    this.plan?.writeRows();
  }

  private register(e: EpisodeSpec): void {
    const { spec } = this;
    const by = spec.registeredBySupervisor ? this.person('supervisor') : this.person(e.assignments[0]!.coordinatorKey);
    spec.members.forEach((m, i) =>
      this.rows.member.push({
        id: this.memberIds[i],
        tenant_id: this.tenantId,
        household_id: this.id,
        given_name: m.givenName,
        family_name: m.familyName,
        date_of_birth: m.dateOfBirth,
        role: m.role,
        birth_date_hash: this.hashes.birthDateHash(m.dateOfBirth),
        created_at: e.startedAt,
        updated_at: e.startedAt,
      }),
    );
    this.startEpisode(e.startedAt, null);
    this.event(e.startedAt, by, 'household.registered', this.id, {});
  }

  private reopen(e: EpisodeSpec): void {
    this.episode += 1;
    this.status = 'registered';
    this.closedAt = null;
    this.intakeStartedAt = null;
    this.touch(e.startedAt);
    this.startEpisode(e.startedAt, e.reopenReason ?? null);
    this.event(e.startedAt, this.person('supervisor'), 'household.reopened', this.id, { episode: this.episode });
  }

  private startEpisode(at: Date, reopenReason: string | null): void {
    const row = { id: faker.string.uuid(), tenant_id: this.tenantId, household_id: this.id, number: this.episode, started_at: at, ended_at: null, close_reason: null, reopen_reason: reopenReason };
    this.rows.household_episode.push(row);
    this.currentEpisode = row;
  }

  private assign(at: Date, coordinatorKey: string, bySupervisor: boolean, reason: string): void {
    const professionalId = this.person(coordinatorKey);
    const previous = this.coordinator;
    if (previous) this.endAssignment(previous.assignmentId, at, reason, 'handed_over');
    const assignmentId = faker.string.uuid();
    this.rows.coordinator_assignment.push({
      id: assignmentId,
      tenant_id: this.tenantId,
      household_id: this.id,
      professional_id: professionalId,
      started_at: at,
      ended_at: null,
      reason,
      assigned_by_id: bySupervisor ? this.person('supervisor') : professionalId,
      end_reason: null,
      end_kind: null,
    });
    this.coordinator = { assignmentId, professionalId };
    if (this.status === 'registered') {
      this.status = 'intake';
      this.intakeStartedAt = at;
    }
    this.touch(at);
    const payload = { coordinatorId: professionalId, previousCoordinatorId: previous?.professionalId ?? null };
    this.event(at, bySupervisor ? this.person('supervisor') : professionalId, previous ? 'coordinator.handed_over' : 'coordinator.assigned', assignmentId, payload);
  }

  private endAssignment(id: string, at: Date, reason: string, kind: 'handed_over' | 'closed'): void {
    const row = this.rows.coordinator_assignment.find((a) => a.id === id)!;
    Object.assign(row, { ended_at: at, end_reason: reason, end_kind: kind });
  }

  private addLink(at: Date, link: CareTeamLinkSpec): void {
    const by = this.coordinatorId();
    const organisationId = this.directory.organisations.get(link.organisationKey)!;
    let consentId: string | null = null;
    if (link.basis === 'consent') {
      // involvement on the basis of consent rests on the consent the family gave, recorded first
      consentId = faker.string.uuid();
      this.rows.consent.push({
        id: consentId,
        tenant_id: this.tenantId,
        household_id: this.id,
        organisation_id: organisationId,
        purpose: `Betrokkenheid: ${link.role}`,
        basis: 'consent',
        valid_from: date(at),
        recorded_by_id: by,
        recorded_at: at,
      });
    }
    const professionalId = link.professionalKey ? this.person(link.professionalKey) : null;
    // purpose limitation: the school sees the children's work and education and parenting — no BSN, no contact notes
    const school = link.organisationKey === 'school';
    const children = this.spec.members.flatMap((m, i) => (m.role === 'child' ? [this.memberIds[i]!] : []));
    const row = {
      id: faker.string.uuid(),
      tenant_id: this.tenantId,
      household_id: this.id,
      organisation_id: organisationId,
      professional_id: professionalId,
      role: link.role,
      basis: link.basis,
      starts_on: date(at),
      created_by_id: by,
      created_at: at,
      ended_at: null,
      end_reason: null,
      consent_id: consentId,
      scope_domains: school ? ['work_education', 'parenting'] : null,
      scope_member_ids: school && children.length > 0 ? children : null,
      scope_bsn: !school,
      scope_contact_notes: !school,
    };
    this.rows.care_team_link.push(row);
    this.openLinks.push(row);
    this.event(at, by, 'care_team.changed', row.id, { change: 'added', organisationId, professionalId });
  }

  private createPlan(): void {
    const { plan } = this.spec;
    const by = this.coordinatorId();
    this.plan = new DemoPlanState(
      this.rows,
      this.tenantId,
      faker.string.uuid(),
      this.id,
      { familyWishes: plan.familyWishes, familyStrengths: plan.familyStrengths, reviewDate: plan.reviewDate },
      plan.networkMembers.map((n, i) => ({ id: this.networkIds[i]!, name: n.name, relation: n.relation, support: n.support })),
      plan.communityResources.map((c) => ({ id: faker.string.uuid(), name: c.name, kind: c.kind, note: c.note ?? null })),
      plan.createdAt,
      by,
    );
    if (this.status === 'registered' || this.status === 'intake') {
      this.status = 'active';
      this.intakeStartedAt ??= plan.createdAt;
      this.touch(plan.createdAt);
    }
    this.event(plan.createdAt, by, 'plan.created', this.plan.id, { version: 1 });
  }

  private addGoal(goal: GoalSpec): void {
    const id = faker.string.uuid();
    this.goalIds.set(goal, id);
    this.plan!.addGoal(goal.addedAt, this.coordinatorId(), { id, domainCode: goal.domainCode, title: goal.title, targetDate: goal.targetDate });
    this.planEvent(goal.addedAt, this.coordinatorId(), ['goal'], [goal.domainCode]);
  }

  private addAction(goal: GoalSpec, action: ActionSpec): void {
    const id = faker.string.uuid();
    this.actionIds.set(action, id);
    this.actionDomains.set(action, goal.domainCode);
    const owner = this.owner(action.owner);
    const by = this.coordinatorId();
    this.plan!.addAction(action.addedAt, by, { id, goalId: this.goalIds.get(goal)!, description: action.description, ownerType: owner.type, ownerId: owner.id, dueDate: action.dueDate });
    this.planEvent(action.addedAt, by, ['action'], [goal.domainCode]);
    this.event(action.addedAt, by, 'action.assigned', id, { actionId: id, ownerType: owner.type, ownerId: owner.id });
  }

  /** The owning professional reports progress on their own step; everything else the coordinator. */
  private progress(at: Date, action: ActionSpec, status: 'in_progress' | 'done'): void {
    const id = this.actionIds.get(action)!;
    const by = action.owner.type === 'professional' ? this.person(action.owner.key) : this.coordinatorId();
    this.plan!.setActionStatus(at, by, id, status);
    this.planEvent(at, by, ['action'], [this.actionDomains.get(action)!]);
    if (status === 'done') this.event(at, by, 'action.completed', id, { actionId: id });
  }

  /** `domainCodes`: the life domains the change touched (purpose limitation: who may hear of it). */
  private planEvent(at: Date, by: string, targets: string[], domainCodes: string[] = []): void {
    this.event(at, by, 'plan.updated', this.plan!.id, { version: this.plan!.version, targets, domainCodes });
  }

  private contact(c: EpisodeSpec['contacts'][number]): void {
    const id = faker.string.uuid();
    const memberIds = c.withParent ? [this.memberIds[0]!] : [];
    const by = this.coordinatorId();
    this.rows.contact.push({ id, tenant_id: this.tenantId, household_id: this.id, kind: c.kind, occurred_at: c.at, recorded_by_id: by, note: c.note, created_at: c.at });
    for (const memberId of memberIds) this.rows.contact_member.push({ contact_id: id, member_id: memberId, tenant_id: this.tenantId });
    this.event(c.at, by, 'contact.recorded', id, { kind: c.kind, memberIds });
  }

  private assess(a: EpisodeSpec['assessments'][number]): void {
    const id = faker.string.uuid();
    const by = this.coordinatorId();
    this.rows.assessment.push({ id, tenant_id: this.tenantId, household_id: this.id, assessed_on: date(a.at), assessed_by_id: by, created_at: a.at });
    for (const s of a.scores) this.rows.assessment_score.push({ assessment_id: id, domain_code: s.domainCode, tenant_id: this.tenantId, score: s.score });
    this.event(a.at, by, 'assessment.recorded', id, { memberId: null, domainCodes: a.scores.map((s) => s.domainCode) });
  }

  private changeStatus(at: Date, status: 'active' | 'aftercare'): void {
    if (this.status === status) return;
    const from = this.status;
    this.status = status;
    this.touch(at);
    this.event(at, this.coordinatorId(), 'household.status_changed', this.id, { from, to: status });
  }

  private changeRisk(at: Date, riskLevel: RiskLevel): void {
    if (this.riskLevel === riskLevel) return;
    this.riskLevel = riskLevel;
    this.touch(at);
    this.event(at, this.coordinatorId(), 'household.updated', this.id, { fields: ['riskLevel'] });
  }

  /** Closing ends the episode, the coordinator's assignment and every care-team link, as HouseholdsService.close does. */
  private close(at: Date, reason: string): void {
    const episode = this.episode;
    this.status = 'closed';
    this.closedAt = at;
    this.lastClosedAt = at;
    this.touch(at);
    Object.assign(this.currentEpisode!, { ended_at: at, close_reason: reason });
    if (this.coordinator) this.endAssignment(this.coordinator.assignmentId, at, CLOSED_REASON, 'closed');
    for (const link of this.openLinks.splice(0)) Object.assign(link, { ended_at: at, end_reason: CLOSED_REASON });
    this.event(at, this.coordinatorId(), 'household.closed', this.id, { episode });
    this.coordinator = undefined;
  }

  private writeHousehold(): void {
    const { spec } = this;
    const waiting = this.status === 'registered' && this.episode > 1;
    if (waiting) this.history.reopenedWaiting.push(this.id);
    this.rows.household.push({
      id: this.id,
      tenant_id: this.tenantId,
      postcode: spec.postcode.replace(/\s/g, '').toUpperCase(),
      house_number: spec.houseNumber,
      house_number_suffix: spec.houseNumberSuffix ?? null,
      district: spec.district,
      address_hash: this.hashes.addressHash(spec.postcode, spec.houseNumber),
      status: waiting ? 'closed' : this.status,
      registration_reason: spec.registrationReason,
      risk_level: this.riskLevel,
      episode: this.episode,
      reopen_count: this.episode - 1,
      registered_at: spec.episodes[0]!.startedAt,
      intake_started_at: this.intakeStartedAt,
      closed_at: waiting ? this.lastClosedAt : this.closedAt,
      version: this.version,
      created_at: spec.episodes[0]!.startedAt,
      updated_at: this.updatedAt,
    });
  }

  private touch(at: Date): void {
    this.version += 1;
    this.updatedAt = at;
  }

  /** Built by `createEvent`, so each payload is the one the event map declares for its type (as the services write it). */
  private event<T extends DomainEventType>(at: Date, actorId: string, type: T, aggregateId: string, payload: DomainEventPayloads[T]): void {
    const event = createEvent(type, { tenantId: this.tenantId, aggregateId, householdId: this.id, actorId }, payload);
    this.rows.outbox_event.push({
      tenant_id: event.tenantId,
      type: event.type,
      aggregate_type: event.aggregateType,
      aggregate_id: event.aggregateId,
      household_id: event.householdId,
      actor_id: event.actorId,
      payload: event.payload,
      occurred_at: at,
      dispatched_at: at,
      processed_at: at,
    });
  }

  /** The coordinator at this moment; between episodes (closing) the last one, or the supervisor. */
  private coordinatorId(): string {
    return this.coordinator?.professionalId ?? this.lastCoordinator() ?? this.person('supervisor');
  }

  private lastCoordinator(): string | undefined {
    return this.rows.coordinator_assignment.findLast((a) => a.household_id === this.id)?.professional_id as string | undefined;
  }

  private person(key: string): string {
    const id = this.directory.professionals.get(key);
    if (!id) throw new Error(`demo story: unknown professional "${key}"`);
    return id;
  }

  private owner(owner: OwnerSpec): { type: OwnerSpec['type']; id: string } {
    switch (owner.type) {
      case 'professional':
        return { type: owner.type, id: this.person(owner.key) };
      case 'organisation':
        return { type: owner.type, id: this.directory.organisations.get(owner.key)! };
      case 'member':
        return { type: owner.type, id: this.memberIds[owner.index]! };
      case 'network_member':
        return { type: owner.type, id: this.networkIds[owner.index]! };
    }
  }
}

function date(t: Date): string {
  return t.toISOString().slice(0, 10);
}
