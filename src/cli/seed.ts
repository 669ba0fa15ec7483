import { randomUUID } from 'node:crypto';
import { fakerNL } from '@faker-js/faker';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { CONNECT_TIMEOUT_MS } from '../database/data-source-options.js';
import { BsnCipher } from '../common/crypto/bsn-cipher.js';
import { DOMAIN_TEXTS, FAMILY_STRENGTHS, FAMILY_WISHES, NETWORK, REGISTRATION_REASONS } from '../demo/demo-texts.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';
import { DEFAULT_LIFE_DOMAINS } from '../tenants/default-life-domains.js';
import { CliError, info, NO_SCHEMA_HINT, openDatabase, out, parseOptions, pgCode, runCli } from './cli-app.js';
import { seedAuditEvents } from './seed-audit.js';
import { mulberry32 } from '../common/seeded-random.js';

/**
 * npm run seed -- [--households N] [--audit-events N] [--tenant slug] [--seed n]
 *
 * `--audit-events N` then adds N audit events over the tenant's households, sealed (see seed-audit.ts).
 * Loads N synthetic households into any database, for load tests and demos at scale: members, episodes,
 * coordinator assignments, care-team links, and a plan at version 1 (with its revision 1) holding goals,
 * actions (some overdue), a network member and sometimes a community resource. Rows are written with
 * multi-row INSERT … SELECT FROM unnest(…) in transactions of CHUNK households, by two connections in turn,
 * so generating the next chunk overlaps with PostgreSQL writing the previous one. Everything satisfies the
 * schema's checks and composite foreign keys. No BSNs (privacy); no outbox events (a bulk load is not a
 * series of domain events and must not flood partners' webhooks). Address and birth-date match hashes use the
 * app's keys, so run it with the app's BSN_HASH_KEY, or the same DATA_DIR in development.
 */
const USAGE = 'Usage: npm run seed -- [--households <N>] [--audit-events <N>] [--tenant <slug>] [--seed <n>]';
const CHUNK = 1000;
const WORKERS = 2;
const DAY = 86_400_000;
/** Households per coordinator the tenant is staffed for: more coordinators are added when needed. */
const CASELOAD = 60;

async function main(onExit: (cleanup: () => Promise<void>) => void): Promise<void> {
  const args = parseOptions({ households: { type: 'string' }, 'audit-events': { type: 'string' }, tenant: { type: 'string' }, seed: { type: 'string' } }, USAGE);
  const total = Number(args.households ?? 0);
  const auditEvents = Number(args['audit-events'] ?? 0);
  if (args.households === undefined && args['audit-events'] === undefined) throw new CliError(`Say what to load: --households N and/or --audit-events N.\n${USAGE}`);
  if (args.households !== undefined && (!Number.isInteger(total) || total < 1 || total > 10_000_000)) throw new CliError(`--households must be a whole number from 1 to 10000000.\n${USAGE}`);
  if (args['audit-events'] !== undefined && (!Number.isInteger(auditEvents) || auditEvents < 1 || auditEvents > 100_000_000)) {
    throw new CliError(`--audit-events must be a whole number from 1 to 100000000.\n${USAGE}`);
  }
  const slug = args.tenant ?? 'synthetic';
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) throw new CliError(`--tenant must be a slug of lower-case letters, digits and dashes.\n${USAGE}`);
  const seed = args.seed === undefined ? 1 : Number(args.seed);
  if (!Number.isInteger(seed)) throw new CliError(`--seed must be a whole number.\n${USAGE}`);

  const db = await openDatabase({ migrate: true });
  onExit(db.close);
  if (db.appliedMigrations.length > 0) info(`Applied migrations: ${db.appliedMigrations.join(', ')}`);
  const pool = new pg.Pool({ connectionString: db.url, max: WORKERS + 1, application_name: 'eenplan-seed', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle connection the server closes at shutdown is no failure of the seed.
  pool.on('error', () => undefined);
  onExit(() => pool.end());

  // Match hashes (address, date of birth) are keyed like the app's: same BSN_HASH_KEY, or the dev key under DATA_DIR.
  const cipher = new BsnCipher(db.config);
  await cipher.onModuleInit();
  const pools = namePools(seed);
  const directory = await ensureDirectory(pool, slug, total, pools);
  if (total > 0) {
    info(`Seeding ${total} households into "${directory.tenantName}" (${slug}): ${directory.coordinators.length} coordinators, ${directory.partners.length} partner organisations.`);

    const bar = new cliProgress.SingleBar(
      { format: 'Seeding |{bar}| {percentage}% | {value}/{total} households | {rows} rows | ETA {eta_formatted}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    const started = process.hrtime.bigint();
    bar.start(total, 0, { rows: 0 });
    let done = 0;
    let rows = 0;
    const chunks = Array.from({ length: Math.ceil(total / CHUNK) }, (_, i) => ({ index: i, size: Math.min(CHUNK, total - i * CHUNK) }));
    const worker = async () => {
      const client = await pool.connect();
      try {
        // Synthetic data: losing the last commits on a crash is acceptable, waiting for each flush is not.
        await client.query('SET synchronous_commit = off');
        for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
          const batch = generateChunk(directory, pools, cipher, seed, chunk.index, chunk.size);
          await writeChunk(client, batch);
          done += chunk.size;
          rows += batch.rowCount();
          bar.update(done, { rows });
        }
      } finally {
        client.release();
      }
    };
    try {
      await Promise.all(Array.from({ length: WORKERS }, worker));
    } finally {
      bar.stop();
    }
    // Fresh statistics: without them the planner guesses badly on the new rows (a stall evaluation took minutes).
    await pool.query('ANALYZE');
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    out(
      `Loaded ${total} households (${rows} rows) into "${directory.tenantName}" in ${seconds.toFixed(1)} s: ` +
        `${Math.round(rows / seconds)} rows/s, ${Math.round(total / seconds)} households/s.`,
    );
  }
  if (auditEvents > 0) await seedAuditEvents(pool, db.config, directory.tenantId, auditEvents);
}

// ---------------------------------------------------------------------------------------------------------
// The municipality the households belong to

interface Directory {
  tenantId: string;
  tenantName: string;
  supervisorId: string;
  coordinators: string[];
  partners: Array<{ organisationId: string; kind: OrganisationKind; professionals: string[] }>;
  domainCodes: string[];
  districts: string[];
}

const PARTNER_ORGANISATIONS: Array<{ kind: OrganisationKind; name: string }> = [
  { kind: 'youth_care', name: 'Jeugdhulp' },
  { kind: 'mental_health', name: 'GGZ' },
  { kind: 'debt_counselling', name: 'Schuldhulpverlening' },
  { kind: 'housing', name: 'Woningcorporatie' },
  { kind: 'school', name: 'Onderwijsgroep' },
  { kind: 'police', name: 'Politie basisteam' },
  { kind: 'welfare', name: 'Welzijn' },
];

/** Finds the tenant, or creates it with its team, partners and staff; adds coordinators when the caseload needs them. */
async function ensureDirectory(pool: pg.Pool, slug: string, adding: number, pools: NamePools): Promise<Directory> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // One seeder at a time per tenant, so two runs do not both create it.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`eenplan-seed:${slug}`]);
    let tenant = (await client.query<{ id: string; name: string }>('SELECT id, name FROM tenant WHERE slug = $1', [slug])).rows[0];
    if (!tenant) {
      const name = `Gemeente ${slug.charAt(0).toUpperCase()}${slug.slice(1)} (synthetisch)`;
      tenant = (await client.query<{ id: string; name: string }>('INSERT INTO tenant (name, slug) VALUES ($1, $2) RETURNING id, name', [name, slug])).rows[0]!;
      await client.query(
        `INSERT INTO life_domain (tenant_id, code, label_nl, label_en, position, active)
         SELECT $1, code, label_nl, label_en, position, true FROM unnest($2::text[], $3::text[], $4::text[], $5::int[]) AS d(code, label_nl, label_en, position)`,
        [tenant.id, DEFAULT_LIFE_DOMAINS.map((d) => d.code), DEFAULT_LIFE_DOMAINS.map((d) => d.labelNl), DEFAULT_LIFE_DOMAINS.map((d) => d.labelEn), DEFAULT_LIFE_DOMAINS.map((_, i) => i)],
      );
      info(`Created municipality "${name}" (${slug}).`);
    }
    const tenantId = tenant.id;
    const emailDomain = `${slug}.example.nl`;

    const organisations = (await client.query<{ id: string; kind: OrganisationKind; is_intake_team: boolean }>('SELECT id, kind, is_intake_team FROM organisation WHERE tenant_id = $1 ORDER BY created_at, id', [tenantId])).rows;
    let team = organisations.find((o) => o.is_intake_team) ?? organisations.find((o) => o.kind === 'municipal_team');
    if (!team) {
      team = (await client.query<{ id: string; kind: OrganisationKind; is_intake_team: boolean }>(
        `INSERT INTO organisation (tenant_id, name, kind, is_intake_team) VALUES ($1, 'Sociaal Wijkteam', 'municipal_team', true) RETURNING id, kind, is_intake_team`,
        [tenantId],
      )).rows[0]!;
    }
    if (!organisations.some((o) => o.kind !== 'municipal_team')) {
      for (const p of PARTNER_ORGANISATIONS) {
        const org = (await client.query<{ id: string }>(`INSERT INTO organisation (tenant_id, name, kind, is_intake_team) VALUES ($1, $2, $3, false) RETURNING id`, [tenantId, p.name, p.kind])).rows[0]!;
        await insertProfessionals(client, tenantId, org.id, 'professional', 3, pools, emailDomain);
      }
    }

    const staff = async (role: string) =>
      (await client.query<{ id: string; organisation_id: string }>(`SELECT id, organisation_id FROM professional WHERE tenant_id = $1 AND active AND kind = 'person' AND $2 = ANY(roles) ORDER BY created_at, id`, [tenantId, role])).rows;
    if ((await staff('admin')).length === 0) await insertProfessionals(client, tenantId, team.id, 'admin', 1, pools, emailDomain);
    if ((await staff('supervisor')).length === 0) await insertProfessionals(client, tenantId, team.id, 'supervisor', 1, pools, emailDomain);
    const existingHouseholds = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM household WHERE tenant_id = $1', [tenantId])).rows[0]!.n);
    const wanted = Math.max(4, Math.ceil((existingHouseholds + adding) / CASELOAD));
    const coordinatorCount = (await staff('coordinator')).length;
    if (coordinatorCount < wanted) {
      await insertProfessionals(client, tenantId, team.id, 'coordinator', wanted - coordinatorCount, pools, emailDomain);
      // the caseload they will have, not the one aimed at: a small seed has fewer households than four coordinators could carry
      info(`Added ${wanted - coordinatorCount} coordinators (caseload about ${Math.ceil((existingHouseholds + adding) / wanted)} households each, at most ${CASELOAD}).`);
    }

    const partnerOrgs = (await client.query<{ id: string; kind: OrganisationKind }>(`SELECT id, kind FROM organisation WHERE tenant_id = $1 AND kind <> 'municipal_team' ORDER BY created_at, id`, [tenantId])).rows;
    const partnerStaff = await staff('professional');
    // Goals use the tenant's active life domains, preferring those the demo has Dutch goal texts for.
    const activeDomains = (await client.query<{ code: string }>('SELECT code FROM life_domain WHERE tenant_id = $1 AND active ORDER BY position', [tenantId])).rows.map((r) => r.code);
    const withTexts = activeDomains.filter((code) => GOAL_TEXTS.has(code));
    const domainCodes = withTexts.length >= 3 ? withTexts : activeDomains;
    if (domainCodes.length < 3) throw new CliError(`Municipality ${slug} has fewer than three active life domains; goals need them.`);
    const districts = (await client.query<{ district: string }>('SELECT DISTINCT district FROM household WHERE tenant_id = $1 LIMIT 12', [tenantId])).rows.map((r) => r.district);
    await client.query('COMMIT');
    return {
      tenantId,
      tenantName: tenant.name,
      supervisorId: (await staff('supervisor'))[0]!.id,
      coordinators: (await staff('coordinator')).map((c) => c.id),
      partners: partnerOrgs.map((o) => ({ organisationId: o.id, kind: o.kind, professionals: partnerStaff.filter((p) => p.organisation_id === o.id).map((p) => p.id) })),
      domainCodes,
      districts: districts.length >= 3 ? districts : ['Centrum', 'Noord', 'Oost', 'Zuid', 'West', 'Nieuwbouw'],
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (pgCode(error) === '42P01') throw new CliError(NO_SCHEMA_HINT);
    throw error;
  } finally {
    client.release();
  }
}

async function insertProfessionals(client: pg.PoolClient, tenantId: string, organisationId: string, role: string, count: number, pools: NamePools, emailDomain: string): Promise<void> {
  const ids: string[] = [];
  const names: string[] = [];
  const emails: string[] = [];
  const rand = mulberry32(count * 7919 + role.length);
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const first = pick(rand, pools.firstNames);
    const last = pick(rand, pools.lastNames);
    ids.push(id);
    names.push(`${first} ${last}`);
    // The id keeps addresses unique within the tenant however often the seeder runs.
    emails.push(`${ascii(first)}.${ascii(last)}.${id.slice(0, 8)}@${role === 'professional' ? 'partner.' : ''}${emailDomain}`);
  }
  await client.query(
    `INSERT INTO professional (id, tenant_id, organisation_id, auth_subject, email, name, roles)
     SELECT id, $1, $2, id::text, email, name, ARRAY[$3]::varchar[] FROM unnest($4::uuid[], $5::text[], $6::text[]) AS p(id, email, name)`,
    [tenantId, organisationId, role, ids, emails, names],
  );
}

// ---------------------------------------------------------------------------------------------------------
// Generating a chunk of households

interface NamePools {
  firstNames: string[];
  lastNames: string[];
}

function namePools(seed: number): NamePools {
  fakerNL.seed(seed);
  return {
    firstNames: Array.from({ length: 600 }, () => fakerNL.person.firstName()),
    lastNames: Array.from({ length: 600 }, () => fakerNL.person.lastName()),
  };
}

type Value = string | number | boolean | null;

/** Rows of one table, kept column by column: each column becomes one array parameter of INSERT … SELECT FROM unnest. */
class TableBatch {
  readonly values: Value[][];
  count = 0;

  constructor(
    readonly table: string,
    readonly columns: Array<[name: string, type: string]>,
  ) {
    this.values = columns.map(() => []);
  }

  add(...row: Value[]): void {
    for (let i = 0; i < row.length; i++) this.values[i]!.push(row[i]!);
    this.count++;
  }

  get sql(): string {
    const names = this.columns.map(([name]) => name).join(', ');
    const arrays = this.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
    return `INSERT INTO ${this.table} (${names}) SELECT * FROM unnest(${arrays})`;
  }
}

class ChunkBatch {
  readonly households = new TableBatch('household', [
    ['id', 'uuid'], ['tenant_id', 'uuid'], ['postcode', 'text'], ['house_number', 'int'], ['house_number_suffix', 'text'], ['district', 'text'], ['address_hash', 'text'],
    ['status', 'text'], ['registration_reason', 'text'], ['risk_level', 'text'], ['episode', 'int'], ['reopen_count', 'int'],
    ['registered_at', 'timestamptz'], ['intake_started_at', 'timestamptz'], ['closed_at', 'timestamptz'], ['version', 'int'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
  ]);
  readonly episodes = new TableBatch('household_episode', [
    ['tenant_id', 'uuid'], ['household_id', 'uuid'], ['number', 'int'], ['started_at', 'timestamptz'], ['ended_at', 'timestamptz'], ['close_reason', 'text'], ['reopen_reason', 'text'],
  ]);
  readonly members = new TableBatch('member', [
    ['id', 'uuid'], ['tenant_id', 'uuid'], ['household_id', 'uuid'], ['given_name', 'text'], ['family_name', 'text'], ['date_of_birth', 'date'], ['role', 'text'], ['birth_date_hash', 'text'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
  ]);
  readonly assignments = new TableBatch('coordinator_assignment', [
    ['tenant_id', 'uuid'], ['household_id', 'uuid'], ['professional_id', 'uuid'], ['started_at', 'timestamptz'], ['ended_at', 'timestamptz'], ['reason', 'text'], ['assigned_by_id', 'uuid'], ['end_reason', 'text'],
  ]);
  /** The family's recorded consent that a consent-based care-team link rests on (the schema requires it). */
  readonly consents = new TableBatch('consent', [
    ['id', 'uuid'], ['tenant_id', 'uuid'], ['household_id', 'uuid'], ['organisation_id', 'uuid'], ['purpose', 'text'], ['basis', 'text'], ['valid_from', 'date'], ['recorded_by_id', 'uuid'], ['recorded_at', 'timestamptz'],
  ]);
  readonly links = new TableBatch('care_team_link', [
    ['tenant_id', 'uuid'], ['household_id', 'uuid'], ['organisation_id', 'uuid'], ['professional_id', 'uuid'], ['role', 'text'], ['basis', 'text'], ['consent_id', 'uuid'], ['starts_on', 'date'], ['created_by_id', 'uuid'], ['created_at', 'timestamptz'], ['ended_at', 'timestamptz'], ['end_reason', 'text'],
  ]);
  readonly plans = new TableBatch('plan', [
    ['id', 'uuid'], ['tenant_id', 'uuid'], ['household_id', 'uuid'], ['version', 'int'], ['family_wishes', 'text'], ['family_strengths', 'text'], ['review_date', 'date'], ['created_by_id', 'uuid'], ['updated_by_id', 'uuid'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
  ]);
  readonly goals = new TableBatch('plan_goal', [
    ['id', 'uuid'], ['tenant_id', 'uuid'], ['plan_id', 'uuid'], ['domain_code', 'text'], ['title', 'text'], ['status', 'text'], ['target_date', 'date'], ['position', 'int'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
  ]);
  readonly network = new TableBatch('plan_network_member', [['id', 'uuid'], ['tenant_id', 'uuid'], ['plan_id', 'uuid'], ['name', 'text'], ['relation', 'text'], ['support', 'text']]);
  readonly resources = new TableBatch('plan_community_resource', [['id', 'uuid'], ['tenant_id', 'uuid'], ['plan_id', 'uuid'], ['name', 'text'], ['kind', 'text']]);
  readonly actions = new TableBatch('plan_action', [
    ['id', 'uuid'], ['tenant_id', 'uuid'], ['plan_id', 'uuid'], ['goal_id', 'uuid'], ['description', 'text'], ['owner_type', 'text'], ['owner_professional_id', 'uuid'], ['owner_organisation_id', 'uuid'],
    ['owner_member_id', 'uuid'], ['owner_network_member_id', 'uuid'], ['due_date', 'date'], ['status', 'text'], ['completed_at', 'timestamptz'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
  ]);
  readonly revisions = new TableBatch('plan_revision', [['tenant_id', 'uuid'], ['plan_id', 'uuid'], ['number', 'int'], ['snapshot', 'jsonb'], ['changes', 'jsonb'], ['changed_by_id', 'uuid'], ['changed_at', 'timestamptz']]);

  /** In foreign-key order. */
  tables(): TableBatch[] {
    return [this.households, this.episodes, this.members, this.assignments, this.consents, this.links, this.plans, this.goals, this.network, this.resources, this.actions, this.revisions];
  }

  rowCount(): number {
    return this.tables().reduce((sum, t) => sum + t.count, 0);
  }
}

async function writeChunk(client: pg.PoolClient, batch: ChunkBatch): Promise<void> {
  await client.query('BEGIN');
  try {
    for (const table of batch.tables()) if (table.count > 0) await client.query(table.sql, table.values);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

const STATUSES: Array<[status: 'registered' | 'intake' | 'active' | 'aftercare' | 'closed', weight: number]> = [
  ['registered', 6],
  ['intake', 9],
  ['active', 45],
  ['aftercare', 15],
  ['closed', 25],
];
const RISKS = ['low', 'medium', 'medium', 'high', 'high', 'critical'] as const;
const PARTNER_ROLES: Partial<Record<OrganisationKind, string>> = {
  youth_care: 'ambulante jeugdhulp',
  mental_health: 'GGZ-behandeling',
  debt_counselling: 'schuldhulpverlening',
  housing: 'woonconsulent',
  school: 'zorgcoördinator school',
  police: 'wijkagent',
  welfare: 'maatschappelijk werk',
};
const RESOURCES = [
  ['Buurthuis — budgetcursus', 'budgetcursus'],
  ['Voedselbank', 'voedselhulp'],
  ['Sportclub — jeugdlid via Jeugdfonds', 'sportclub'],
  ['Taalcafé bibliotheek', 'taalles'],
  ['Home-Start', 'gezinsondersteuning'],
] as const;
const LETTERS = 'ABCDEFGHJKLMNPRTVWXZ';
/** The demo's Dutch texts that fit any family (the seeder does not track who is in it). */
const anyFamily = <T extends { needs?: unknown }>(items: T[]) => items.filter((i) => i.needs === undefined);
const WISHES = anyFamily(FAMILY_WISHES).map((w) => w.text);
const STRENGTHS = anyFamily(FAMILY_STRENGTHS).map((s) => s.text);
const GOAL_TEXTS = new Map(Object.entries(DOMAIN_TEXTS).map(([code, t]) => [code, { goals: anyFamily(t.goals).map((g) => g.text), actions: anyFamily(t.actions).map((a) => a.text) }]));

function generateChunk(dir: Directory, pools: NamePools, cipher: BsnCipher, seed: number, chunkIndex: number, size: number): ChunkBatch {
  const rand = mulberry32(seed * 1_000_003 + chunkIndex);
  const batch = new ChunkBatch();
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const between = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const t = dir.tenantId;

  for (let h = 0; h < size; h++) {
    const id = randomUUID();
    const status = weighted(rand, STATUSES);
    const reopened = status !== 'closed' && status !== 'registered' && rand() < 0.05;
    const ageDays = status === 'registered' ? between(0, 20) : between(30, 730);
    const registeredAt = now - ageDays * DAY - between(0, DAY - 1);
    // A reopened household: its first episode ran and closed, the second started some weeks later.
    const firstClosedAt = reopened ? registeredAt + Math.floor((now - registeredAt) * 0.45) : null;
    const episodeStart = reopened ? Math.min(firstClosedAt! + between(7, 40) * DAY, now - 3 * DAY) : registeredAt;
    const intakeAt = status === 'registered' ? null : Math.min(episodeStart + between(1, 14) * DAY, now - DAY);
    const closedAt = status === 'closed' ? intakeAt! + Math.floor((now - intakeAt!) * (0.5 + rand() * 0.5)) : null;
    const coordinator = pick(rand, dir.coordinators);
    const postcode = `${between(1000, 9999)}${LETTERS[between(0, LETTERS.length - 1)]}${LETTERS[between(0, LETTERS.length - 1)]}`;
    const houseNumber = between(1, 400);
    const lastChange = closedAt ?? intakeAt ?? episodeStart;

    batch.households.add(
      id, t, postcode, houseNumber, rand() < 0.1 ? pick(rand, ['A', 'B', 'bis', 'II']) : null, pick(rand, dir.districts), cipher.addressHash(postcode, houseNumber),
      status, pick(rand, REGISTRATION_REASONS), pick(rand, RISKS), reopened ? 2 : 1, reopened ? 1 : 0,
      iso(registeredAt), intakeAt === null ? null : iso(intakeAt), closedAt === null ? null : iso(closedAt), 1, iso(registeredAt), iso(lastChange),
    );
    if (reopened) {
      batch.episodes.add(t, id, 1, iso(registeredAt), iso(firstClosedAt!), 'Doelen behaald', null);
      batch.episodes.add(t, id, 2, iso(episodeStart), null, null, 'Nieuwe meldingen van overlast: terugval');
      batch.assignments.add(t, id, pick(rand, dir.coordinators), iso(registeredAt + DAY), iso(firstClosedAt!), 'Eerste regisseur', dir.supervisorId, 'Household closed');
    } else {
      batch.episodes.add(t, id, 1, iso(registeredAt), closedAt === null ? null : iso(closedAt), closedAt === null ? null : 'Doelen behaald', null);
    }

    // Members: one or two parents and children; dates of birth relative to today.
    const familyName = pick(rand, pools.lastNames);
    const memberIds: string[] = [];
    const memberCount = between(2, 4);
    const parents = memberCount > 2 && rand() < 0.5 ? 2 : 1;
    for (let m = 0; m < memberCount; m++) {
      const memberId = randomUUID();
      const parent = m < parents;
      const age = parent ? between(24, 55) : between(0, 17);
      const dateOfBirth = day(now - (age * 365 + between(0, 364)) * DAY);
      batch.members.add(memberId, t, id, pick(rand, pools.firstNames), familyName, dateOfBirth, parent ? 'parent' : 'child', cipher.birthDateHash(dateOfBirth), iso(registeredAt), iso(registeredAt));
      memberIds.push(memberId);
    }
    if (intakeAt === null) continue;

    // The coordinator: active, or ended when the household closed.
    batch.assignments.add(t, id, coordinator, iso(intakeAt), closedAt === null ? null : iso(closedAt), 'Eerste regisseur', dir.supervisorId, closedAt === null ? null : 'Household closed');

    // Care team: one or two different partners, usually a named professional.
    const partners = dir.partners.length === 0 ? [] : distinct(rand, dir.partners, Math.min(dir.partners.length, between(1, 2)));
    const partnerOwners: Array<{ organisationId: string; professionalId: string | null }> = [];
    for (const partner of partners) {
      const professionalId = partner.professionals.length > 0 && rand() < 0.7 ? pick(rand, partner.professionals) : null;
      partnerOwners.push({ organisationId: partner.organisationId, professionalId });
      const basis = partner.kind === 'police' ? 'legal_obligation' : partner.kind === 'school' ? 'public_task' : 'consent';
      const role = PARTNER_ROLES[partner.kind] ?? 'betrokken hulpverlener';
      // A link on the basis of consent rests on the consent the family gave, recorded at intake by the coordinator.
      const consentId = basis === 'consent' ? randomUUID() : null;
      if (consentId) batch.consents.add(consentId, t, id, partner.organisationId, `Betrokkenheid als ${role}`, 'consent', day(intakeAt), coordinator, iso(intakeAt));
      batch.links.add(t, id, partner.organisationId, professionalId, role, basis, consentId, day(intakeAt), coordinator, iso(intakeAt), closedAt === null ? null : iso(closedAt), closedAt === null ? null : 'Household closed');
    }
    if (status === 'intake') continue;

    // The plan at version 1, its goals, actions, network and resources, and revision 1 with the snapshot.
    const planId = randomUUID();
    const planAt = Math.min(intakeAt + between(2, 20) * DAY, closedAt ?? now);
    const wishes = pick(rand, WISHES);
    const strengths = pick(rand, STRENGTHS);
    const reviewDate = day(closedAt ?? now + between(-20, 90) * DAY);
    batch.plans.add(planId, t, id, 1, wishes, strengths, reviewDate, coordinator, coordinator, iso(planAt), iso(planAt));

    const networkTemplate = pick(rand, NETWORK);
    const networkMember = { id: randomUUID(), name: networkTemplate.name(pick(rand, pools.firstNames)), relation: networkTemplate.relation, support: networkTemplate.support };
    batch.network.add(networkMember.id, t, planId, networkMember.name, networkMember.relation, networkMember.support);
    const resources: Array<{ id: string; name: string; kind: string | null; note: null }> = [];
    if (rand() < 0.5) {
      const [name, kind] = pick(rand, RESOURCES);
      resources.push({ id: randomUUID(), name, kind, note: null });
      batch.resources.add(resources[0]!.id, t, planId, name, kind);
    }

    const goalsJson: unknown[] = [];
    const domains = distinct(rand, dir.domainCodes, between(2, 3));
    for (const [position, domainCode] of domains.entries()) {
      const goalId = randomUUID();
      const texts = GOAL_TEXTS.get(domainCode);
      const title = texts ? pick(rand, texts.goals) : `Stap vooruit op leefgebied ${domainCode}`;
      const goalStatus = closedAt !== null ? 'achieved' : 'open';
      const targetDate = day(planAt + between(60, 240) * DAY);
      batch.goals.add(goalId, t, planId, domainCode, title, goalStatus, targetDate, position, iso(planAt), iso(planAt));
      const actionsJson: unknown[] = [];
      for (let a = 0, n = between(1, 2); a < n; a++) {
        const actionId = randomUUID();
        const description = texts ? pick(rand, texts.actions) : 'Afspraak maken en bespreken in het gezinsgesprek';
        // Owners rotate over the four kinds: a professional, an organisation, a member, a network member.
        const partner = partnerOwners.length > 0 ? pick(rand, partnerOwners) : undefined;
        const kind = between(0, 3);
        const owner =
          kind === 0 ? { type: 'professional', id: partner?.professionalId ?? coordinator }
          : kind === 1 && partner ? { type: 'organisation', id: partner.organisationId }
          : kind === 3 ? { type: 'network_member', id: networkMember.id }
          : { type: 'member', id: memberIds[0]! };
        const roll = rand();
        const [actionStatus, due] =
          closedAt !== null ? ['done', planAt + between(5, 60) * DAY]
          : roll < 0.3 ? ['done', now - between(3, 90) * DAY]
          : roll < 0.5 ? ['open', now - between(1, 60) * DAY]
          : roll < 0.65 ? ['in_progress', now + between(1, 45) * DAY]
          : ['open', now + between(3, 90) * DAY];
        const completedAt = actionStatus === 'done' ? iso(Math.min(Math.max(due, planAt), closedAt ?? now)) : null;
        batch.actions.add(
          actionId, t, planId, goalId, description, owner.type,
          owner.type === 'professional' ? owner.id : null, owner.type === 'organisation' ? owner.id : null,
          owner.type === 'member' ? owner.id : null, owner.type === 'network_member' ? owner.id : null,
          day(due), actionStatus, completedAt, iso(planAt), iso(planAt),
        );
        actionsJson.push({ id: actionId, goalId, description, owner, dueDate: day(due), status: actionStatus, completedAt });
      }
      goalsJson.push({ id: goalId, domainCode, title, description: null, status: goalStatus, targetDate, actions: actionsJson });
    }
    // Revision 1 holds the plan as a PlanDto, as the API would have written it.
    const snapshot = {
      id: planId,
      householdId: id,
      version: 1,
      familyWishes: wishes,
      familyStrengths: strengths,
      reviewDate,
      goals: goalsJson,
      networkMembers: [networkMember],
      communityResources: resources,
      updatedById: coordinator,
      createdAt: iso(planAt),
      updatedAt: iso(planAt),
    };
    batch.revisions.add(t, planId, 1, JSON.stringify(snapshot), JSON.stringify([{ op: 'create', target: 'plan', id: planId }]), coordinator, iso(planAt));
  }
  return batch;
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers (the seeded PRNG is common/seeded-random.ts; faker is used for the name pools only: per-row faker calls cost too much at 100k)


function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function weighted<T>(rand: () => number, items: ReadonlyArray<readonly [T, number]>): T {
  const sum = items.reduce((s, [, w]) => s + w, 0);
  let roll = rand() * sum;
  for (const [item, w] of items) if ((roll -= w) < 0) return item;
  return items[items.length - 1]![0];
}

function distinct<T>(rand: () => number, items: readonly T[], count: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}

function ascii(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
}

runCli(main);
