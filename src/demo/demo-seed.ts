import type { INestApplication } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { DataSource } from 'typeorm';
import { TransactionHost, WORKER_DATA_SOURCE } from '../database/transaction-host.js';
import { TokenService } from '../auth/token.service.js';
import { ConsentsService } from '../consents/consents.service.js';
import { CareTeamService } from '../care-team/care-team.service.js';
import { RequestContext, type Actor } from '../common/request-context.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { CoordinationService } from '../coordination/coordination.service.js';
import type { HouseholdDto } from '../households/dto/household.dto.js';
import { HouseholdsService } from '../households/households.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { PlanDto } from '../plans/dto/plan.dto.js';
import type { ActionOwnerDto } from '../plans/dto/plan-input.dto.js';
import { PlansService } from '../plans/plans.service.js';
import { ProfessionalsService } from '../professionals/professionals.service.js';
import { CASEWORK_ROLES as ROLES, type Role } from '../professionals/roles.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { buildDemoStory, DEMO_TENANT, type CareTeamLinkSpec, type DemoStory, type GoalSpec, type HouseholdSpec, type OwnerSpec } from './demo-story.js';
import { HANDOVER_REASON, REOPEN_REASON } from './demo-texts.js';

export interface DemoResult {
  seeded: boolean;
  tenantName: string;
  households: number;
  tokens: Array<{ role: string; email: string; token: string }>;
}

/** Serialises concurrent boots (two replicas on one empty database): only one seeds. */
const SEED_LOCK = 0x6565_6e70; // "eenp"
/** Households played through the services at the same time; each is independent of the others. */
const CONCURRENCY = 4;

/**
 * Development aid: on a database without any tenant, creates "Gemeente Demostad" with its neighbourhood team,
 * partner organisations, professionals and the 43 households of the seed story — through the application
 * services, so invariants, plan revisions and outbox events are exactly what the API would produce. Always
 * returns a ready bearer token per role (dev issuer only), so `npm start` prints working tokens.
 */
export async function seedDemoIfEmpty(app: INestApplication): Promise<DemoResult | undefined> {
  // Lifecycle hooks must have run (the token service loads its signing key in onModuleInit); a later listen() does not repeat them.
  await app.init();
  const dataSource = app.get<DataSource>(WORKER_DATA_SOURCE);
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [SEED_LOCK]);
    const [{ n }] = (await lock.query('SELECT count(*)::int AS n FROM tenant')) as [{ n: number }];
    if (n === 0) {
      const story = buildDemoStory();
      const seeded = await new DemoSeeder(app, story).run();
      return { seeded: true, tenantName: DEMO_TENANT.name, households: story.households.length, tokens: await signTokens(app, seeded.tokenHolders) };
    }
    return await describeExisting(app);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK]).catch(() => undefined);
    await lock.release();
  }
}

interface Person {
  id: string;
  organisationId: string;
  email: string;
  authSubject: string;
  roles: Role[];
}

interface TokenHolder {
  role: Role;
  email: string;
  authSubject: string;
}

/** Data already there: the demo tenant's printed professionals, or else the first active professional per role of the oldest tenant. */
async function describeExisting(app: INestApplication): Promise<DemoResult | undefined> {
  const db = app.get<DataSource>(WORKER_DATA_SOURCE);
  const demo = (await db.query('SELECT id, name FROM tenant WHERE slug = $1', [DEMO_TENANT.slug])) as Array<{ id: string; name: string }>;
  const tenant = demo[0] ?? ((await db.query('SELECT id, name FROM tenant ORDER BY created_at, id LIMIT 1')) as Array<{ id: string; name: string }>)[0];
  if (!tenant) return undefined;
  const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM household WHERE tenant_id = $1', [tenant.id])) as [{ n: number }];

  const preferred = new Map<Role, string>();
  if (demo[0]) {
    const story = buildDemoStory();
    for (const role of ROLES) preferred.set(role, story.professionals.find((p) => p.key === story.tokenHolders[role])!.email);
  }
  const holders: TokenHolder[] = [];
  for (const role of ROLES) {
    const rows = (await db.query(
      `SELECT email, auth_subject FROM professional WHERE tenant_id = $1 AND active AND kind = 'person' AND $2 = ANY(roles)
        ORDER BY (email = $3) DESC, created_at, id LIMIT 1`,
      [tenant.id, role, preferred.get(role) ?? ''],
    )) as Array<{ email: string; auth_subject: string }>;
    if (rows[0]) holders.push({ role, email: rows[0].email, authSubject: rows[0].auth_subject });
  }
  return { seeded: false, tenantName: tenant.name, households: n, tokens: await signTokens(app, holders) };
}

async function signTokens(app: INestApplication, holders: TokenHolder[]): Promise<DemoResult['tokens']> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const tokens = app.get(TokenService);
  if (config.auth.mode !== 'dev' || !tokens.devIssuerEnabled) return [];
  return Promise.all(holders.map(async (h) => ({ role: h.role, email: h.email, token: await tokens.signDevToken(h.authSubject) })));
}

class DemoSeeder {
  private readonly cls: ClsService;
  private readonly tx: TransactionHost;
  private readonly context: RequestContext;
  private readonly households: HouseholdsService;
  private readonly coordination: CoordinationService;
  private readonly careTeam: CareTeamService;
  private readonly plans: PlansService;
  private readonly consents: ConsentsService;
  private tenantId = '';
  private readonly organisations = new Map<string, string>();
  private readonly people = new Map<string, Person>();

  constructor(
    private readonly app: INestApplication,
    private readonly story: DemoStory,
  ) {
    this.cls = app.get(ClsService);
    this.tx = app.get(TransactionHost);
    this.context = app.get(RequestContext);
    this.households = app.get(HouseholdsService);
    this.coordination = app.get(CoordinationService);
    this.careTeam = app.get(CareTeamService);
    this.plans = app.get(PlansService);
    this.consents = app.get(ConsentsService);
  }

  async run(): Promise<{ tokenHolders: TokenHolder[] }> {
    await this.createDirectory();
    const queue = [...this.story.households];
    const worker = async () => {
      for (let spec = queue.shift(); spec; spec = queue.shift()) await this.playHousehold(spec);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return {
      tokenHolders: ROLES.map((role) => {
        const person = this.person(this.story.tokenHolders[role]);
        return { role, email: person.email, authSubject: person.authSubject };
      }),
    };
  }

  /** Runs `work` as `actor` in one transaction, exactly as the auth guard and the request transaction would. */
  private as<T>(actor: Person, work: () => Promise<T>): Promise<T> {
    return this.cls.run(async () => {
      this.context.setActor(this.actor(actor));
      return this.tx.run(work);
    });
  }

  private actor(p: Person): Actor {
    return { kind: 'professional', professionalId: p.id, tenantId: this.tenantId, organisationId: p.organisationId, roles: p.roles };
  }

  private person(key: string): Person {
    const person = this.people.get(key);
    if (!person) throw new Error(`demo story: unknown professional "${key}"`);
    return person;
  }

  private async createDirectory(): Promise<void> {
    const tenant = await this.app.get(TenantsService).createTenant(DEMO_TENANT.name, DEMO_TENANT.slug);
    this.tenantId = tenant.id;
    const [team] = this.story.organisations;
    // Nobody exists yet to act as: the operator creates the directory, on behalf of the tenant's own team.
    const operator: Person = { id: '00000000-0000-0000-0000-000000000000', organisationId: '', email: '', authSubject: '', roles: ['admin'] };
    await this.as(operator, async () => {
      const organisations = this.app.get(OrganisationsService);
      for (const o of this.story.organisations) {
        const created = await organisations.create({ name: o.name, kind: o.kind, isIntakeTeam: o.isIntakeTeam });
        this.organisations.set(o.key, created.id);
      }
    });
    const admin = { ...operator, organisationId: this.organisations.get(team!.key)! };
    await this.as(admin, async () => {
      const professionals = this.app.get(ProfessionalsService);
      for (const p of this.story.professionals) {
        const created = await professionals.create({ organisationId: this.organisations.get(p.organisationKey)!, name: p.name, email: p.email, roles: p.roles });
        this.people.set(p.key, { id: created.id, organisationId: created.organisationId, email: created.email, authSubject: created.authSubject, roles: created.roles });
      }
    });
  }

  private async playHousehold(spec: HouseholdSpec): Promise<void> {
    const supervisor = this.person('supervisor');
    const coordinator = spec.coordinatorKey ? this.person(spec.coordinatorKey) : undefined;
    const first = spec.firstCoordinatorKey ? this.person(spec.firstCoordinatorKey) : coordinator;

    const registrar = first && !spec.assignedBySupervisor ? first : supervisor;
    const household = await this.as(registrar, () =>
      this.households.create({
        postcode: spec.postcode,
        houseNumber: spec.houseNumber,
        houseNumberSuffix: spec.houseNumberSuffix,
        district: spec.district,
        registrationReason: spec.registrationReason,
        riskLevel: spec.riskLevel,
        members: spec.members,
      }),
    );
    if (!coordinator || !first) return;
    const id = household.id;

    // A coordinator takes a vacant household for themselves; otherwise the supervisor assigns it.
    await this.as(spec.assignedBySupervisor ? supervisor : first, () => this.coordination.assign(id, { professionalId: first.id, reason: spec.assignReason }));
    if (first !== coordinator) await this.as(supervisor, () => this.coordination.assign(id, { professionalId: coordinator.id, reason: HANDOVER_REASON }));

    for (const link of spec.careTeam) await this.addLink(coordinator, id, link);
    if (!spec.plan) return;

    let plan = await this.as(coordinator, () =>
      this.plans.create(id, {
        familyWishes: spec.plan!.familyWishes,
        familyStrengths: spec.plan!.familyStrengths,
        reviewDate: spec.plan!.reviewDate,
        networkMembers: spec.plan!.networkMembers,
        communityResources: spec.plan!.communityResources,
      }),
    );
    plan = await this.playGoals(coordinator, spec, household, plan, spec.plan.goals);

    if (spec.finalRiskLevel && spec.kind !== 'reopened') await this.changeRisk(coordinator, id, spec.finalRiskLevel);
    if (spec.kind === 'aftercare') await this.as(coordinator, () => this.households.changeStatus(id, { status: 'aftercare' }));
    if (spec.closeReason) await this.as(coordinator, () => this.households.close(id, spec.closeReason!));

    if (spec.afterReopen) {
      // Recurrence: the supervisor reopens the case and gives it back to the same coordinator.
      await this.as(supervisor, () => this.households.reopen(id, REOPEN_REASON));
      await this.as(supervisor, () => this.coordination.assign(id, { professionalId: coordinator.id, reason: 'Heropend: terug naar de vorige regisseur, die het gezin kent' }));
      for (const link of [...spec.careTeam, spec.afterReopen.careTeam]) await this.addLink(coordinator, id, link);
      await this.playGoals(coordinator, spec, household, plan, [spec.afterReopen.goal]);
      await this.as(coordinator, () => this.households.changeStatus(id, { status: 'active' }));
      if (spec.finalRiskLevel) await this.changeRisk(coordinator, id, spec.finalRiskLevel);
    }
  }

  private async addLink(coordinator: Person, householdId: string, link: CareTeamLinkSpec): Promise<void> {
    const organisationId = this.organisations.get(link.organisationKey)!;
    await this.as(coordinator, async () => {
      // involvement on the basis of consent rests on the consent the family gave, recorded first
      const consent =
        link.basis === 'consent' ? await this.consents.record(householdId, { organisationId, purpose: `Betrokkenheid: ${link.role}`, basis: 'consent' }) : undefined;
      await this.careTeam.add(householdId, {
        organisationId,
        professionalId: link.professionalKey ? this.person(link.professionalKey).id : undefined,
        role: link.role,
        basis: link.basis,
        consentId: consent?.id,
      });
    });
  }

  private async changeRisk(coordinator: Person, householdId: string, riskLevel: HouseholdSpec['riskLevel']): Promise<void> {
    await this.as(coordinator, async () => {
      const current = await this.households.get(householdId);
      await this.households.update(householdId, current.version, { riskLevel });
    });
  }

  /**
   * Adds the goals and their actions, then plays the progress: an action's owning professional reports it done
   * (owners may change the status only), everything else the coordinator. Every step is a plan version.
   */
  private async playGoals(coordinator: Person, spec: HouseholdSpec, household: HouseholdDto, start: PlanDto, goals: GoalSpec[]): Promise<PlanDto> {
    const id = household.id;
    let plan = start;
    const progress: Array<{ actionId: string; status: 'in_progress' | 'done'; by: Person }> = [];
    const achieved: string[] = [];
    await this.as(coordinator, async () => {
      for (const goalSpec of goals) {
        const added = await this.plans.addGoal(id, plan.version, { domainCode: goalSpec.domainCode, title: goalSpec.title, targetDate: goalSpec.targetDate });
        plan = added.plan;
        for (const actionSpec of goalSpec.actions) {
          const result = await this.plans.addAction(id, added.goal.id, plan.version, {
            description: actionSpec.description,
            owner: this.owner(actionSpec.owner, spec, household, plan),
            dueDate: actionSpec.dueDate,
          });
          plan = result.plan;
          if (actionSpec.status !== 'open') {
            const by = actionSpec.owner.type === 'professional' ? this.person(actionSpec.owner.key) : coordinator;
            progress.push({ actionId: result.action.id, status: actionSpec.status, by });
          }
        }
        if (goalSpec.achieved) achieved.push(added.goal.id);
      }
    });
    for (const step of progress) {
      plan = (await this.as(step.by, () => this.plans.updateAction(id, step.actionId, plan.version, { status: step.status }))).plan;
    }
    await this.as(coordinator, async () => {
      for (const goalId of achieved) plan = (await this.plans.updateGoal(id, goalId, plan.version, { status: 'achieved' })).plan;
    });
    return plan;
  }

  /** The story names owners by key or position; the services want ids. */
  private owner(owner: OwnerSpec, spec: HouseholdSpec, household: HouseholdDto, plan: PlanDto): ActionOwnerDto {
    switch (owner.type) {
      case 'professional':
        return { type: 'professional', id: this.person(owner.key).id };
      case 'organisation':
        return { type: 'organisation', id: this.organisations.get(owner.key)! };
      case 'member': {
        // Members come back ordered by date of birth: find the story's member by its details.
        const wanted = spec.members[owner.index]!;
        const member = household.members.find((m) => m.givenName === wanted.givenName && m.familyName === wanted.familyName && m.dateOfBirth === wanted.dateOfBirth);
        if (!member) throw new Error(`demo story: member ${wanted.givenName} of household ${household.id} not found`);
        return { type: 'member', id: member.id };
      }
      case 'network_member': {
        const wanted = spec.plan!.networkMembers[owner.index]!;
        const found = plan.networkMembers.find((n) => n.name === wanted.name && n.relation === wanted.relation);
        if (!found) throw new Error(`demo story: network member ${wanted.name} of household ${household.id} not found`);
        return { type: 'network_member', id: found.id };
      }
    }
  }
}
