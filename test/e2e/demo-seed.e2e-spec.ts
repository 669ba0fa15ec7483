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
/** What each printed token can open: case data, or for the privacy officer the audit trail's verification. */
const workingPath = (role: string) => (role === 'privacy_officer' ? '/api/v1/audit/verify' : '/api/v1/households');

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

  it('tells the story: a year later three heavy cases are open, one came back last week, the rest closed — two of them after a recurrence', async () => {
    const byStatus = Object.fromEntries(
      (await rows<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM household WHERE tenant_id = $1 GROUP BY status', [tenantId])).map((r) => [r.status, r.n]),
    );
    expect(byStatus).toEqual({ closed: 39, active: 3, registered: 1 });
    expect(await count(`SELECT count(*)::int AS n FROM household WHERE tenant_id = $1 AND status = 'active' AND risk_level = 'critical'`, [tenantId])).toBe(2);
    expect(await count('SELECT count(*)::int AS n FROM household WHERE tenant_id = $1 AND reopen_count = 1 AND episode = 2', [tenantId])).toBe(3);
    // every closed episode has its reason; the open ones are the four households not closed
    expect(await count('SELECT count(*)::int AS n FROM household_episode WHERE tenant_id = $1 AND ended_at IS NULL', [tenantId])).toBe(4);
    expect(await count('SELECT count(*)::int AS n FROM household_episode WHERE tenant_id = $1 AND ended_at IS NOT NULL AND close_reason IS NULL', [tenantId])).toBe(0);
    const sizes = await rows<{ n: number }>('SELECT count(*)::int AS n FROM member WHERE tenant_id = $1 GROUP BY household_id', [tenantId]);
    expect(sizes).toHaveLength(43);
    expect(Math.min(...sizes.map((s) => s.n))).toBeGreaterThanOrEqual(2);
    expect(Math.max(...sizes.map((s) => s.n))).toBeLessThanOrEqual(6);
    expect(await count(`SELECT count(DISTINCT district)::int AS n FROM household WHERE tenant_id = $1`, [tenantId])).toBeGreaterThanOrEqual(4);
    // No real BSNs in demo data.
    expect(await count('SELECT count(*)::int AS n FROM member WHERE bsn_hash IS NOT NULL')).toBe(0);
  });

  it('the history is spread over the year before now: registrations, contacts, assessments, plan revisions, closings', async () => {
    const [span] = await rows<{ first_registered: Date; last_closed: Date; contact_months: number; revision_months: number; assessment_months: number; closing_months: number }>(
      `SELECT (SELECT min(registered_at) FROM household WHERE tenant_id = $1) AS first_registered,
              (SELECT max(ended_at) FROM household_episode WHERE tenant_id = $1) AS last_closed,
              (SELECT count(DISTINCT date_trunc('month', occurred_at))::int FROM contact WHERE tenant_id = $1) AS contact_months,
              (SELECT count(DISTINCT date_trunc('month', changed_at))::int FROM plan_revision WHERE tenant_id = $1) AS revision_months,
              (SELECT count(DISTINCT date_trunc('month', assessed_on))::int FROM assessment WHERE tenant_id = $1) AS assessment_months,
              (SELECT count(DISTINCT date_trunc('month', ended_at))::int FROM household_episode WHERE tenant_id = $1 AND ended_at IS NOT NULL) AS closing_months`,
      [tenantId],
    );
    expect(Date.now() - span!.first_registered.getTime()).toBeGreaterThan(330 * 86_400_000);
    expect(span!.last_closed.getTime()).toBeLessThan(Date.now());
    expect(span!.contact_months).toBeGreaterThanOrEqual(12);
    expect(span!.revision_months).toBeGreaterThanOrEqual(10);
    expect(span!.assessment_months).toBeGreaterThanOrEqual(8);
    expect(span!.closing_months).toBeGreaterThanOrEqual(9);
    // nothing is dated in the future
    expect(await count('SELECT count(*)::int AS n FROM outbox_event WHERE tenant_id = $1 AND occurred_at > now()', [tenantId])).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM plan_revision WHERE tenant_id = $1 AND changed_at > now()', [tenantId])).toBe(0);
    // the household's own history rows agree with its events: one closing event per ended episode
    expect(await count(`SELECT count(*)::int AS n FROM outbox_event WHERE tenant_id = $1 AND type = 'household.closed'`, [tenantId])).toBe(
      await count('SELECT count(*)::int AS n FROM household_episode WHERE tenant_id = $1 AND ended_at IS NOT NULL', [tenantId]),
    );
  });

  it('every change has its domain event at the moment it happened; the past year is history, not news for inboxes', async () => {
    const events = Object.fromEntries((await rows<{ type: string; n: number }>('SELECT type, count(*)::int AS n FROM outbox_event WHERE tenant_id = $1 GROUP BY type', [tenantId])).map((r) => [r.type, r.n]));
    expect(events['household.registered']).toBe(43);
    expect(events['household.reopened']).toBe(3);
    expect(events['coordinator.handed_over']).toBeGreaterThanOrEqual(1);
    expect(events['care_team.changed']).toBeGreaterThan(40);
    expect(events['plan.created']).toBe(43);
    expect(events['plan.updated']).toBeGreaterThan(300);
    expect(events['contact.recorded']).toBe(await count('SELECT count(*)::int AS n FROM contact WHERE tenant_id = $1', [tenantId]));
    expect(events['assessment.recorded']).toBe(await count('SELECT count(*)::int AS n FROM assessment WHERE tenant_id = $1', [tenantId]));
    expect(events['case.stalled']).toBe(await count('SELECT count(*)::int AS n FROM stalled_household WHERE tenant_id = $1', [tenantId]));
    // only today's notices are left for the relay — the stalled cases and the actions overdue now, announced at the
    // first start rather than at the next day's check: a year of history does not flood inboxes and webhooks
    expect(await count(`SELECT count(*)::int AS n FROM outbox_event WHERE tenant_id = $1 AND dispatched_at IS NULL AND type NOT IN ('case.stalled', 'action.overdue')`, [tenantId])).toBe(0);
    const overdueNow = await count(
      `SELECT count(*)::int AS n FROM plan_action a JOIN plan p ON p.id = a.plan_id JOIN household h ON h.id = p.household_id
        WHERE a.tenant_id = $1 AND a.status IN ('open', 'in_progress') AND a.due_date < (now() AT TIME ZONE 'Europe/Amsterdam')::date AND h.status <> 'closed'`,
      [tenantId],
    );
    expect(overdueNow).toBeGreaterThan(0);
    expect(events['action.overdue']).toBe(overdueNow);
    const links = await rows<{ basis: string }>('SELECT DISTINCT basis FROM care_team_link WHERE tenant_id = $1', [tenantId]);
    expect(links.map((l) => l.basis)).toEqual(expect.arrayContaining(['consent', 'legal_obligation']));
    expect(await count(`SELECT count(*)::int AS n FROM care_team_link WHERE tenant_id = $1 AND basis = 'consent' AND consent_id IS NULL`, [tenantId])).toBe(0);
    // coordination states kept by the database's triggers agree with the story
    const states = await rows<{ state: string; vacant_reason: string | null; n: number }>(
      'SELECT state, vacant_reason, count(*)::int AS n FROM household_coordination WHERE tenant_id = $1 GROUP BY 1, 2 ORDER BY 1, 2',
      [tenantId],
    );
    expect(states).toEqual([
      { state: 'assigned', vacant_reason: null, n: 3 },
      { state: 'vacant', vacant_reason: 'closed', n: 39 },
      { state: 'vacant', vacant_reason: 'reopened', n: 1 },
    ]);
  });

  it('plans have revisions, goals in several life domains, actions of all four owner types, some overdue and many done; network and community in every plan', async () => {
    const plans = await rows<{ version: number; revisions: number; goals: number; last_change: Date; updated_at: Date }>(
      `SELECT p.version, p.updated_at, (SELECT count(*)::int FROM plan_revision r WHERE r.plan_id = p.id) AS revisions,
              (SELECT max(r.changed_at) FROM plan_revision r WHERE r.plan_id = p.id) AS last_change,
              (SELECT count(*)::int FROM plan_goal g WHERE g.plan_id = p.id) AS goals
         FROM plan p WHERE p.tenant_id = $1`,
      [tenantId],
    );
    expect(plans).toHaveLength(43);
    for (const plan of plans) {
      expect(plan.revisions).toBe(plan.version);
      expect(plan.last_change.getTime()).toBe(plan.updated_at.getTime());
      expect(plan.version).toBeGreaterThan(3);
      expect(plan.goals).toBeGreaterThanOrEqual(2);
    }
    expect(await count('SELECT count(DISTINCT domain_code)::int AS n FROM plan_goal WHERE tenant_id = $1', [tenantId])).toBeGreaterThanOrEqual(8);
    const owners = await rows<{ owner_type: string }>('SELECT DISTINCT owner_type FROM plan_action WHERE tenant_id = $1', [tenantId]);
    expect(owners.map((o) => o.owner_type).sort()).toEqual(['member', 'network_member', 'organisation', 'professional']);
    expect(await count(`SELECT count(*)::int AS n FROM plan_action WHERE tenant_id = $1 AND status IN ('open', 'in_progress') AND due_date < current_date - 14`, [tenantId])).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM plan_action WHERE tenant_id = $1 AND status = 'done'`, [tenantId])).toBeGreaterThan(100);
    expect(await count(`SELECT count(*)::int AS n FROM plan_goal WHERE tenant_id = $1 AND status = 'achieved'`, [tenantId])).toBeGreaterThan(80);
    expect(await count('SELECT count(DISTINCT plan_id)::int AS n FROM plan_network_member WHERE tenant_id = $1', [tenantId])).toBe(43);
    expect(await count('SELECT count(DISTINCT plan_id)::int AS n FROM plan_community_resource WHERE tenant_id = $1', [tenantId])).toBe(43);
    // plans written straight into closed households know it (the version gate refuses their changes)
    expect(await count(`SELECT count(*)::int AS n FROM plan p JOIN household h ON h.id = p.household_id WHERE p.tenant_id = $1 AND p.household_closed <> (h.status = 'closed')`, [tenantId])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM plan WHERE tenant_id = $1 AND household_closed`, [tenantId])).toBe(39);
  });

  it('prints one working token per role', async () => {
    expect(first.tokens.map((x) => x.role).sort()).toEqual(['admin', 'coordinator', 'privacy_officer', 'professional', 'supervisor']);
    for (const { token, email, role } of first.tokens) {
      expect(email).toMatch(/@.+\.example\.nl$/);
      expect((await api().get(workingPath(role)).set(bearer(token))).status).toBe(200);
    }
    // the privacy officer reads the audit trail and access reports, no case data
    expect(await listHouseholds(tokenOf('privacy_officer'))).toEqual([]);
    expect(await listHouseholds(tokenOf('supervisor'))).toHaveLength(43);
    // The partner professional is on the care team of the three open heavy cases, and sees exactly those.
    expect((await listHouseholds(tokenOf('professional'))).map((h) => h.status)).toEqual(['active', 'active', 'active']);
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
    expect(printedCases).toHaveLength(3);
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

  describe("the supervisor's first three calls", () => {
    interface Cell {
      value: number | null;
      suppressed: boolean;
    }
    interface Month {
      month: string;
      statusAtMonthEnd: { registered: Cell; inCare: Cell; closed: Cell };
      closedInMonth: Cell;
      reopenedWithin12Months: Cell;
      stalledAtMonthEnd: Cell;
      assessmentProgress: Array<{ domainCode: string; households: Cell; averageChange: Cell }>;
    }
    const supervisor = () => bearer(tokenOf('supervisor'));

    it('outcomes by month: 43 households in care at the end of the first month of the year, down month by month to 3 (a suppressed small count) now', async () => {
      const res = await api().get('/api/v1/supervision/outcomes').set(supervisor());
      expect(res.status).toBe(200);
      const months = (res.body as { months: Month[] }).months;
      expect(months).toHaveLength(12);
      const inCare = months.map((m) => m.statusAtMonthEnd.inCare);
      expect(inCare[0]).toEqual({ value: 43, suppressed: false });
      // 3 is below the minimum group size of 5: shown as suppressed, never as the number
      expect(inCare[11]).toEqual({ value: null, suppressed: true });
      expect(await count(`SELECT count(*)::int AS n FROM household h JOIN coordinator_assignment ca ON ca.household_id = h.id AND ca.ended_at IS NULL WHERE h.tenant_id = $1 AND h.status <> 'closed'`, [tenantId])).toBe(3);
      // the curve falls month by month. Nobody registers after the first month, so the households registered so far
      // are a known 43 all year and two shown in-care figures in a row give that month's closings: a month of 1–4
      // closings (February's 2, and one of each pair around a month of 4) hides an in-care figure, and no correct
      // protection shows more than 7 of the 12 (the outcomes' linked suppression; an outside probe derived them)
      const shown = inCare.filter((c) => !c.suppressed).map((c) => c.value!);
      expect(shown.length).toBeGreaterThanOrEqual(7);
      for (let i = 1; i < shown.length; i++) expect(shown[i]!).toBeLessThan(shown[i - 1]!);
      // where in care is hidden, the month's status figures cannot be subtracted from the 43: another one is hidden too
      for (const m of months.filter((x) => x.statusAtMonthEnd.inCare.suppressed)) {
        const { registered, closed } = m.statusAtMonthEnd;
        expect(registered.suppressed || closed.suppressed).toBe(true);
      }
      // households close all year; 39 closed now, which is not shown: 43 − 39 would give the 4 still open
      expect(months.filter((m) => m.closedInMonth.suppressed || m.closedInMonth.value! > 0).length).toBeGreaterThanOrEqual(9);
      expect(await count(`SELECT count(*)::int AS n FROM household WHERE tenant_id = $1 AND status = 'closed'`, [tenantId])).toBe(39);
      expect(months[11]!.statusAtMonthEnd.closed).toEqual({ value: null, suppressed: true });
      // self-reliance scores improved in the domains worked on
      const progress = months[6]!.assessmentProgress.filter((p) => !p.households.suppressed && p.households.value! > 0);
      expect(progress.length).toBeGreaterThan(0);
      for (const p of progress) expect(p.averageChange.value!).toBeGreaterThan(0);
      // the stalled households of the review queue count in the current month; the months before the demo's first
      // stall evaluation (its start) have no stall history, and say so rather than 0
      expect(months[11]!.stalledAtMonthEnd.suppressed || months[11]!.stalledAtMonthEnd.value! > 0).toBe(true);
      expect(months[0]!.stalledAtMonthEnd).toEqual({ value: null, suppressed: false });
    });

    it('outcomes show the recurrence: three reopenings within 12 months of closing, each a suppressed small count in its month', async () => {
      const months = ((await api().get('/api/v1/supervision/outcomes').set(supervisor())).body as { months: Month[] }).months;
      const recurring = months.filter((m) => m.reopenedWithin12Months.suppressed);
      expect(recurring.length).toBeGreaterThanOrEqual(2);
      for (const m of months.filter((x) => !x.reopenedWithin12Months.suppressed)) expect(m.reopenedWithin12Months.value).toBe(0);
    });

    it('the review queue is not empty on first start: the stalled heavy case, the one without progress and the one that came back', async () => {
      const res = await api().get('/api/v1/supervision/stalled').set(supervisor());
      expect(res.status).toBe(200);
      const items = (res.body as { items: Array<{ status: string; coordination: { state: string }; rules: Array<{ rule: string }>; lastEvaluatedAt: string | null }> }).items;
      const rules = items.map((i) => i.rules.map((r) => r.rule).sort());
      expect(rules).toEqual(
        expect.arrayContaining([
          expect.arrayContaining(['ACTIONS_OVERDUE', 'NO_CONTACT', 'PLAN_NOT_UPDATED', 'REVIEW_OVERDUE']),
          ['NO_PROGRESS'],
          expect.arrayContaining(['NO_COORDINATOR', 'PLAN_NOT_UPDATED', 'REVIEW_OVERDUE']),
        ]),
      );
      expect(items).toHaveLength(3);
      expect(items.every((i) => i.lastEvaluatedAt !== null)).toBe(true);
      expect(items.filter((i) => i.status === 'active')).toHaveLength(2);
      expect(items.filter((i) => i.coordination.state === 'vacant')).toHaveLength(1);
    });

    it('outcomes by district and life domain: households with goals, low self-reliance, recurrence — JSON and CSV', async () => {
      const res = await api().get('/api/v1/supervision/outcomes/domains').set(supervisor());
      expect(res.status).toBe(200);
      const body = res.body as { districtNames: string[]; domains: Array<{ code: string; months: Array<{ month: string; householdsWithGoals: { total: Cell }; lowSelfReliance: { total: Cell } }> }> };
      expect(body.districtNames.length).toBeGreaterThanOrEqual(4);
      const withGoals = body.domains.filter((d) => d.months[0]!.householdsWithGoals.total.value! >= 5);
      expect(withGoals.length).toBeGreaterThanOrEqual(3);
      // fewer households with low scores at the end of the year than at its start
      const low = (i: number) => body.domains.reduce((n, d) => n + (d.months[i]!.lowSelfReliance.total.value ?? 0), 0);
      expect(low(0)).toBeGreaterThan(low(11));
      const csv = await api().get('/api/v1/supervision/outcomes/domains').query({ format: 'csv' }).set(supervisor());
      expect(csv.status).toBe(200);
      expect(csv.text.split('\n').length).toBeGreaterThan(100);
    });
  });

  it("the coordinator reads a heavy case's year on its timeline: contacts with their notes, plan changes, months apart", async () => {
    const printed = first.tokens.find((x) => x.role === 'coordinator')!;
    const mine = (await listHouseholds(printed.token)).find((h) => h.status === 'active')!;
    const entries: Array<{ at: string; type: string; data: Record<string, unknown> }> = [];
    let cursor: string | null = null;
    do {
      const res = await api()
        .get(`/api/v1/households/${mine.id}/timeline`)
        .query({ limit: 100, ...(cursor && { cursor }) })
        .set(bearer(printed.token));
      expect(res.status).toBe(200);
      const page = res.body as { items: typeof entries; nextCursor: string | null };
      entries.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const types = new Set(entries.map((e) => e.type));
    for (const type of ['household.registered', 'coordinator.assigned', 'care_team.changed', 'plan.created', 'plan.updated', 'contact.recorded', 'assessment.recorded']) {
      expect(types.has(type)).toBe(true);
    }
    const times = entries.map((e) => Date.parse(e.at));
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(300 * 86_400_000);
    const contact = entries.find((e) => e.type === 'contact.recorded')!;
    expect(contact.data.note).toEqual(expect.any(String));
    const update = entries.find((e) => e.type === 'plan.updated')!;
    expect((update.data.changes as unknown[]).length).toBeGreaterThan(0);
  });

  it('a second call finds the data and seeds nothing, with working tokens for the same people', async () => {
    const before = await count('SELECT count(*)::int AS n FROM outbox_event');
    const second = (await seedDemoIfEmpty(app().app))!;
    expect(second).toEqual(expect.objectContaining({ seeded: false, tenantName: 'Gemeente Demostad', households: 43 }));
    expect(second.tokens.map((x) => [x.role, x.email])).toEqual(first.tokens.map((x) => [x.role, x.email]));
    expect(await count('SELECT count(*)::int AS n FROM household')).toBe(43);
    expect(await count('SELECT count(*)::int AS n FROM tenant')).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM outbox_event')).toBe(before);
    expect(await count('SELECT count(*)::int AS n FROM plan_revision')).toBe(await count('SELECT sum(version)::int AS n FROM plan'));
    expect(await count('SELECT count(*)::int AS n FROM stalled_household')).toBe(3);
    for (const { token, role } of second.tokens) expect((await api().get(workingPath(role)).set(bearer(token))).status).toBe(200);
  });
});
