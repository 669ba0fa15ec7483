import type { INestApplication } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { DataSource } from 'typeorm';
import { TransactionHost, WORKER_DATA_SOURCE } from '../database/transaction-host.js';
import { TokenService } from '../auth/token.service.js';
import { Clock } from '../common/clock.js';
import { BsnCipher } from '../common/crypto/bsn-cipher.js';
import { RequestContext, type Actor } from '../common/request-context.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { ProfessionalsService } from '../professionals/professionals.service.js';
import { ROLES, type Role } from '../common/roles.js';
import { ActionOverdueService } from '../supervision/overdue/action-overdue.service.js';
import { StallEvaluationService } from '../supervision/stalled/stall-evaluation.service.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { DemoHistoryRepository } from './demo-history.repository.js';
import { playDemoHistory } from './demo-history.js';
import { buildDemoStory, DEMO_TENANT } from './demo-story.js';
import type { DemoStory } from './demo-story-types.js';

export interface DemoResult {
  seeded: boolean;
  tenantName: string;
  households: number;
  tokens: Array<{ role: string; email: string; token: string }>;
}

/** Serialises concurrent boots (two replicas on one empty database): only one seeds. */
const SEED_LOCK = 0x6565_6e70; // "eenp"
/** A scheduled stall evaluation that holds the tenant's lock makes ours step aside: try again this often. */
const EVALUATION_ATTEMPTS = 20;

/**
 * Development aid: on a database without any tenant, creates "Gemeente Demostad" with its neighbourhood team,
 * partner organisations and professionals (through the application services), then the year the 43 households
 * of the seed story went through (demo-history.ts: written in bulk at the story's dates, which the API cannot
 * backdate), then runs the stall evaluation for the municipality so the supervisor's review queue is filled on
 * first start rather than at the next scheduled run. Always returns a ready bearer token per role (dev issuer
 * only), so `npm start` prints working tokens.
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
      const story = buildDemoStory(app.get(Clock).now());
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
  }

  async run(): Promise<{ tokenHolders: TokenHolder[] }> {
    await this.createDirectory();
    const history = playDemoHistory(
      this.story,
      { tenantId: this.tenantId, organisations: this.organisations, professionals: new Map([...this.people].map(([key, p]) => [key, p.id])) },
      this.app.get(BsnCipher),
    );
    // One transaction for the whole year, as the municipality's supervisor: all of it or none of it.
    await this.as(this.person('supervisor'), () => new DemoHistoryRepository(this.tx).insertAll(history));
    await this.evaluateStalls();
    // the actions already overdue are announced now, not at the daily check 24 hours after the first start
    await this.app.get(ActionOverdueService).emitForTenant(this.tenantId, this.app.get(Clock).now());
    return {
      tokenHolders: ROLES.map((role) => {
        const person = this.person(this.story.tokenHolders[role]);
        return { role, email: person.email, authSubject: person.authSubject };
      }),
    };
  }

  /** The evaluation the scheduler would run next, now: the review queue is not empty on first start. */
  private async evaluateStalls(): Promise<void> {
    const stalls = this.app.get(StallEvaluationService);
    const clock = this.app.get(Clock);
    for (let attempt = 1; attempt <= EVALUATION_ATTEMPTS; attempt++) {
      if ((await stalls.evaluateTenant(this.tenantId, clock.now())).ran) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
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
}
