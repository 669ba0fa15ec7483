import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { TokenService } from '../../src/auth/token.service.js';
import { runMigrations } from '../../src/database/migrate.js';
import { seedDemoIfEmpty, type DemoResult } from '../../src/demo/demo-seed.js';
import { bearer, startTestApp, type TestApp, systemDb } from './harness/index.js';

/**
 * The demo seed only fills an empty database, and the shared test database holds other files' tenants, so
 * this file runs against a database of its own on the same server: created, migrated, seeded, dropped.
 */
const serverUrl = () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is set by test/setup/global-setup.ts: run the tests through Jest');
  return url;
};
const databaseName = `eenplan_demo_${randomBytes(5).toString('hex')}`;
const urlOf = (database: string) => {
  const url = new URL(serverUrl());
  url.pathname = `/${database}`;
  return url.toString();
};

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlOf('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let t: TestApp | undefined;
let first: DemoResult;
let tenantId: string;

const app = () => t!;
const api = () => request(app().http);
const db = () => systemDb(app().app);
const rows = <T>(sql: string, params: unknown[] = []) => db().query<T[]>(sql, params);
const count = async (sql: string, params: unknown[] = []) => (await rows<{ n: number }>(sql, params))[0]!.n;
const tokenOf = (role: string) => first.tokens.find((x) => x.role === role)!.token;

interface HouseholdItem {
  id: string;
  status: string;
  coordinator: { professionalId: string } | null;
}

async function listHouseholds(token: string): Promise<HouseholdItem[]> {
  const items: HouseholdItem[] = [];
  let cursor: string | null = null;
  do {
    const res = await api()
      .get('/api/v1/households')
      .query({ limit: 100, ...(cursor && { cursor }) })
      .set(bearer(token));
    expect(res.status).toBe(200);
    const page = res.body as { items: HouseholdItem[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  await onServer(`CREATE DATABASE "${databaseName}"`);
  await runMigrations(urlOf(databaseName));
  t = await startTestApp({ DATABASE_URL: urlOf(databaseName) });
  first = (await seedDemoIfEmpty(t.app))!;
  tenantId = (await rows<{ id: string }>(`SELECT id FROM tenant WHERE slug = 'demostad'`))[0]!.id;
}, 120_000);

afterAll(async () => {
  await t?.close();
  await onServer(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
});

describe('demo data on an empty database', () => {
  it('creates Gemeente Demostad with the 43 households of the seed story', async () => {
    expect(first).toEqual(expect.objectContaining({ seeded: true, tenantName: 'Gemeente Demostad', households: 43 }));
    expect(await count('SELECT count(*)::int AS n FROM tenant')).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM household WHERE tenant_id = $1', [tenantId])).toBe(43);
    const kinds = await rows<{ kind: string; n: number }>('SELECT kind, count(*)::int AS n FROM organisation WHERE tenant_id = $1 GROUP BY kind', [tenantId]);
    expect(kinds.map((k) => k.kind).sort()).toEqual(['debt_counselling', 'housing', 'mental_health', 'municipal_team', 'police', 'school', 'youth_care']);
    expect(await count(`SELECT count(*)::int AS n FROM organisation WHERE tenant_id = $1 AND kind = 'municipal_team' AND is_intake_team`, [tenantId])).toBe(1);
    for (const role of ['admin', 'supervisor', 'coordinator', 'professional']) {
      expect(await count('SELECT count(*)::int AS n FROM professional WHERE tenant_id = $1 AND $2 = ANY(roles)', [tenantId, role])).toBeGreaterThan(0);
    }
  });

  it('tells the story: heavy cases left, many closed, one recurrence, a few waiting for a coordinator', async () => {
    const byStatus = Object.fromEntries(
      (await rows<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM household WHERE tenant_id = $1 GROUP BY status', [tenantId])).map((r) => [r.status, r.n]),
    );
    expect(byStatus.closed).toBeGreaterThanOrEqual(10);
    expect(byStatus.registered).toBeGreaterThanOrEqual(2);
    expect(byStatus.active).toBeGreaterThanOrEqual(3);
    expect(byStatus.aftercare).toBeGreaterThanOrEqual(3);
    expect(await count(`SELECT count(*)::int AS n FROM household WHERE tenant_id = $1 AND status = 'active' AND risk_level = 'critical'`, [tenantId])).toBeGreaterThanOrEqual(2);
    expect(await count('SELECT count(*)::int AS n FROM household WHERE tenant_id = $1 AND reopen_count = 1 AND episode = 2', [tenantId])).toBe(1);
    const sizes = await rows<{ n: number }>('SELECT count(*)::int AS n FROM member WHERE tenant_id = $1 GROUP BY household_id', [tenantId]);
    expect(sizes).toHaveLength(43);
    expect(Math.min(...sizes.map((s) => s.n))).toBeGreaterThanOrEqual(2);
    expect(Math.max(...sizes.map((s) => s.n))).toBeLessThanOrEqual(6);
    expect(await count(`SELECT count(DISTINCT district)::int AS n FROM household WHERE tenant_id = $1`, [tenantId])).toBeGreaterThanOrEqual(4);
    // No real BSNs in demo data.
    expect(await count('SELECT count(*)::int AS n FROM member WHERE bsn_hash IS NOT NULL')).toBe(0);
  });

  it('went through the services: every household registered via the outbox, handovers and care-team changes too', async () => {
    const events = Object.fromEntries((await rows<{ type: string; n: number }>('SELECT type, count(*)::int AS n FROM outbox_event WHERE tenant_id = $1 GROUP BY type', [tenantId])).map((r) => [r.type, r.n]));
    expect(events['household.registered']).toBe(43);
    expect(events['household.reopened']).toBe(1);
    expect(events['coordinator.handed_over']).toBeGreaterThanOrEqual(1);
    expect(events['care_team.changed']).toBeGreaterThan(40);
    expect(events['plan.updated']).toBeGreaterThan(100);
    const links = await rows<{ basis: string }>('SELECT DISTINCT basis FROM care_team_link WHERE tenant_id = $1', [tenantId]);
    expect(links.map((l) => l.basis)).toEqual(expect.arrayContaining(['consent', 'legal_obligation']));
  });

  it('plans have revisions, goals in several life domains, actions of all four owner types, some overdue and some done', async () => {
    const plans = await rows<{ version: number; revisions: number; goals: number }>(
      `SELECT p.version, (SELECT count(*)::int FROM plan_revision r WHERE r.plan_id = p.id) AS revisions,
              (SELECT count(*)::int FROM plan_goal g WHERE g.plan_id = p.id) AS goals
         FROM plan p WHERE p.tenant_id = $1`,
      [tenantId],
    );
    expect(plans.length).toBeGreaterThanOrEqual(35);
    for (const plan of plans) {
      expect(plan.revisions).toBe(plan.version);
      expect(plan.version).toBeGreaterThan(1);
      expect(plan.goals).toBeGreaterThanOrEqual(2);
    }
    expect(await count('SELECT count(DISTINCT domain_code)::int AS n FROM plan_goal WHERE tenant_id = $1', [tenantId])).toBeGreaterThanOrEqual(6);
    const owners = await rows<{ owner_type: string }>('SELECT DISTINCT owner_type FROM plan_action WHERE tenant_id = $1', [tenantId]);
    expect(owners.map((o) => o.owner_type).sort()).toEqual(['member', 'network_member', 'organisation', 'professional']);
    expect(await count(`SELECT count(*)::int AS n FROM plan_action WHERE tenant_id = $1 AND status IN ('open', 'in_progress') AND due_date < current_date`, [tenantId])).toBeGreaterThan(5);
    expect(await count(`SELECT count(*)::int AS n FROM plan_action WHERE tenant_id = $1 AND status = 'done'`, [tenantId])).toBeGreaterThan(20);
    expect(await count('SELECT count(*)::int AS n FROM plan_network_member WHERE tenant_id = $1', [tenantId])).toBeGreaterThan(35);
    expect(await count('SELECT count(*)::int AS n FROM plan_community_resource WHERE tenant_id = $1', [tenantId])).toBeGreaterThan(35);
  });

  it('prints one working token per role', async () => {
    expect(first.tokens.map((x) => x.role).sort()).toEqual(['admin', 'coordinator', 'professional', 'supervisor']);
    for (const { token, email } of first.tokens) {
      expect(email).toMatch(/@.+\.example\.nl$/);
      const res = await api().get('/api/v1/households').set(bearer(token));
      expect(res.status).toBe(200);
    }
    expect(await listHouseholds(tokenOf('supervisor'))).toHaveLength(43);
    // The partner professional is on the care team of several households, and sees exactly those.
    expect((await listHouseholds(tokenOf('professional'))).length).toBeGreaterThanOrEqual(3);
  });

  it('every household that is not closed is visible to its coordinator; the printed coordinator holds the heavy cases', async () => {
    const open = await rows<{ id: string; status: string; auth_subject: string | null; email: string | null }>(
      `SELECT h.id, h.status, p.auth_subject, p.email
         FROM household h
         LEFT JOIN coordinator_assignment ca ON ca.household_id = h.id AND ca.ended_at IS NULL
         LEFT JOIN professional p ON p.id = ca.professional_id
        WHERE h.tenant_id = $1 AND h.status <> 'closed'`,
      [tenantId],
    );
    const withCoordinator = open.filter((h) => h.auth_subject !== null);
    expect(withCoordinator.length).toBeGreaterThan(open.length / 2);
    const printed = first.tokens.find((x) => x.role === 'coordinator')!;
    const bySubject = new Map<string, string[]>();
    for (const h of withCoordinator) bySubject.set(h.auth_subject!, [...(bySubject.get(h.auth_subject!) ?? []), h.id]);
    for (const [subject, ids] of bySubject) {
      const email = withCoordinator.find((h) => h.auth_subject === subject)!.email;
      const token = email === printed.email ? printed.token : await app().app.get(TokenService).signDevToken(subject);
      const visible = new Set((await listHouseholds(token)).map((h) => h.id));
      for (const id of ids) expect(visible.has(id)).toBe(true);
    }
    const printedCases = withCoordinator.filter((h) => h.email === printed.email);
    expect(printedCases.length).toBeGreaterThanOrEqual(5);
    // Households waiting for a coordinator are open to every coordinator, so intake can pick them up.
    const vacant = open.filter((h) => h.auth_subject === null).map((h) => h.id);
    expect(vacant.length).toBeGreaterThanOrEqual(1);
    const seenByPrinted = new Set((await listHouseholds(printed.token)).map((h) => h.id));
    for (const id of vacant) expect(seenByPrinted.has(id)).toBe(true);
  });

  it("the coordinator reads a plan's history over the API", async () => {
    const printed = first.tokens.find((x) => x.role === 'coordinator')!;
    const mine = (await listHouseholds(printed.token)).find((h) => h.status === 'active' && h.coordinator !== null)!;
    const plan = await api().get(`/api/v1/households/${mine.id}/plan`).set(bearer(printed.token));
    expect(plan.status).toBe(200);
    const revisions = await api().get(`/api/v1/households/${mine.id}/plan/revisions`).query({ limit: 100 }).set(bearer(printed.token));
    expect(revisions.status).toBe(200);
    expect((revisions.body as { items: unknown[] }).items).toHaveLength((plan.body as { version: number }).version);
  });

  it('a second call finds the data and seeds nothing, with working tokens for the same people', async () => {
    const before = await count('SELECT count(*)::int AS n FROM outbox_event');
    const second = (await seedDemoIfEmpty(app().app))!;
    expect(second).toEqual(expect.objectContaining({ seeded: false, tenantName: 'Gemeente Demostad', households: 43 }));
    expect(second.tokens.map((x) => [x.role, x.email])).toEqual(first.tokens.map((x) => [x.role, x.email]));
    expect(await count('SELECT count(*)::int AS n FROM household')).toBe(43);
    expect(await count('SELECT count(*)::int AS n FROM tenant')).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM outbox_event')).toBe(before);
    for (const { token } of second.tokens) expect((await api().get('/api/v1/households').set(bearer(token))).status).toBe(200);
  });
});
