import type { DataSource } from 'typeorm';
import { defaultSettings, STALL_RULE_DEFINITIONS, type StallRule } from '../../src/supervision/stall-rules.js';
import { StallEvaluationRepository } from '../../src/supervision/stalled/stall-evaluation.repository.js';
import { OutboxWakeUp } from '../../src/events/outbox-wake-up.js';
import { assign, daysBefore, household, insert, middayOn, municipality, ownerDb, ownerHost, type Municipality } from './support.js';

/**
 * The stall evaluation's SQL against real rows: every rule fires one day past its threshold and stays quiet on the
 * threshold day itself (SPEC: "strictly greater than"), counted in Amsterdam calendar days from `today`.
 */
const TODAY = '2026-06-15';
const NOW = new Date(`${TODAY}T13:00:00Z`);
const threshold = (rule: StallRule) => STALL_RULE_DEFINITIONS[rule].defaultThresholdDays;
/** The date that lies `threshold + extra` days before today. */
const atThreshold = (rule: StallRule, extra: 0 | 1) => daysBefore(TODAY, threshold(rule) + extra);
const LONG_AGO = daysBefore(TODAY, 400);

let db: DataSource;
let m: Municipality;
let repository: StallEvaluationRepository;
/** rule → [household that must fire, household that must not] */
const pairs = new Map<StallRule, [string, string]>();
let closedId: string;
let firing: Map<string, Set<string>>;

/** An open household that breaks no rule but the one under test: a coordinator, a fresh plan, a recent contact. */
async function quietHousehold(options: { plan?: boolean } = {}): Promise<{ id: string; planId: string | null }> {
  const id = await household(db, m, { registeredOn: LONG_AGO });
  await assign(db, m, id, LONG_AGO);
  await insert(db, 'contact', { tenant_id: m.tenantId, household_id: id, kind: 'home_visit', occurred_at: middayOn(TODAY), recorded_by_id: m.coordinatorId, note: 'visit' });
  if (options.plan === false) return { id, planId: null };
  const planId = await insert(db, 'plan', { tenant_id: m.tenantId, household_id: id, created_by_id: m.coordinatorId, updated_by_id: m.coordinatorId, updated_at: middayOn(TODAY) });
  return { id, planId };
}

async function pairFor(rule: StallRule, arrange: (extra: 0 | 1) => Promise<string>): Promise<void> {
  pairs.set(rule, [await arrange(1), await arrange(0)]);
}

async function assessment(householdId: string, on: string, scores: Record<string, number>): Promise<void> {
  const id = await insert(db, 'assessment', { tenant_id: m.tenantId, household_id: householdId, assessed_on: on, assessed_by_id: m.coordinatorId });
  for (const [domain_code, score] of Object.entries(scores)) {
    await db.query('INSERT INTO assessment_score (assessment_id, domain_code, tenant_id, score) VALUES ($1, $2, $3, $4)', [id, domain_code, m.tenantId, score]);
  }
}

beforeAll(async () => {
  db = await ownerDb();
  m = await municipality(db);
  repository = new StallEvaluationRepository(ownerHost(db), new OutboxWakeUp(ownerHost(db)));

  await pairFor('NO_COORDINATOR', async (extra) => {
    const id = await household(db, m, { registeredOn: atThreshold('NO_COORDINATOR', extra) });
    await insert(db, 'contact', { tenant_id: m.tenantId, household_id: id, kind: 'home_visit', occurred_at: middayOn(TODAY), recorded_by_id: m.coordinatorId, note: 'visit' });
    return id;
  });
  await pairFor('NO_PLAN', async (extra) => {
    const id = await household(db, m, { registeredOn: LONG_AGO, intakeOn: atThreshold('NO_PLAN', extra) });
    await assign(db, m, id, LONG_AGO);
    return id;
  });
  await pairFor('PLAN_NOT_UPDATED', async (extra) => {
    const { planId } = await quietHousehold();
    await db.query('UPDATE plan SET updated_at = $1 WHERE id = $2', [middayOn(atThreshold('PLAN_NOT_UPDATED', extra)), planId]);
    return (await db.query<Array<{ household_id: string }>>('SELECT household_id FROM plan WHERE id = $1', [planId]))[0]!.household_id;
  });
  await pairFor('ACTIONS_OVERDUE', async (extra) => {
    const { id, planId } = await quietHousehold();
    const goalId = await insert(db, 'plan_goal', { tenant_id: m.tenantId, plan_id: planId, domain_code: 'finances', title: 'Goal', position: 0 });
    await insert(db, 'plan_action', {
      tenant_id: m.tenantId,
      plan_id: planId,
      goal_id: goalId,
      description: 'Step',
      owner_type: 'professional',
      owner_professional_id: m.coordinatorId,
      due_date: atThreshold('ACTIONS_OVERDUE', extra),
    });
    return id;
  });
  await pairFor('NO_CONTACT', async (extra) => {
    const { id } = await quietHousehold();
    await db.query('UPDATE contact SET occurred_at = $1 WHERE household_id = $2', [middayOn(atThreshold('NO_CONTACT', extra)), id]);
    return id;
  });
  await pairFor('REVIEW_OVERDUE', async (extra) => {
    const { id, planId } = await quietHousehold();
    await db.query('UPDATE plan SET review_date = $1 WHERE id = $2', [atThreshold('REVIEW_OVERDUE', extra), planId]);
    return id;
  });
  await pairFor('SIGNAL_UNANSWERED', async (extra) => {
    const { id } = await quietHousehold();
    const matchedAt = middayOn(atThreshold('SIGNAL_UNANSWERED', extra));
    const matchId = await insert(db, 'signal_match', { tenant_id: m.tenantId, household_id: id, episode: 1, created_at: matchedAt });
    await insert(db, 'signal', {
      tenant_id: m.tenantId,
      organisation_id: m.organisationId,
      signalled_by_id: m.coordinatorId,
      category: 'debt',
      severity: 'low',
      note: 'signal',
      address_hash: 'a',
      birth_date_hash: 'b',
      created_at: matchedAt,
      active_until: middayOn(daysBefore(TODAY, -365)),
      retain_until: middayOn(daysBefore(TODAY, -365)),
      household_id: id,
      household_episode: 1,
      match_id: matchId,
      matched_at: matchedAt,
    });
    return id;
  });
  await pairFor('NO_PROGRESS', async (extra) => {
    const { id } = await quietHousehold();
    // the baseline is the newest assessment more than N days before the latest one; equal sums are no progress
    await assessment(id, daysBefore(TODAY, 5 + threshold('NO_PROGRESS') + extra), { finances: 3, housing: 2 });
    await assessment(id, daysBefore(TODAY, 5), { finances: 2, housing: 3 });
    return id;
  });
  await pairFor('HANDOVER_PENDING', async (extra) => {
    const { id } = await quietHousehold();
    await insert(db, 'coordinator_handover', {
      tenant_id: m.tenantId,
      household_id: id,
      from_professional_id: m.coordinatorId,
      to_professional_id: m.otherCoordinatorId,
      proposed_by_id: m.coordinatorId,
      reason: 'hand-over',
      proposed_at: middayOn(atThreshold('HANDOVER_PENDING', extra)),
    });
    return id;
  });
  // closed: nothing is evaluated, however long it has lain without coordinator, plan or contact
  closedId = await household(db, m, { registeredOn: LONG_AGO, status: 'closed' });

  await repository.syncRules(m.tenantId, TODAY, NOW, defaultSettings());
  firing = await openCases();
}, 60_000);

afterAll(async () => {
  await db?.destroy();
});

async function openCases(): Promise<Map<string, Set<string>>> {
  const rows = await db.query<Array<{ household_id: string; rule: string }>>('SELECT household_id, rule FROM stalled_case WHERE tenant_id = $1 AND cleared_at IS NULL', [m.tenantId]);
  const byHousehold = new Map<string, Set<string>>();
  for (const row of rows) byHousehold.set(row.household_id, (byHousehold.get(row.household_id) ?? new Set()).add(row.rule));
  return byHousehold;
}

const rulesOf = (householdId: string) => [...(firing.get(householdId) ?? [])].sort();

describe('stall evaluation SQL (repository tier)', () => {
  it.each(defaultSettings().map((s) => s.rule))('%s fires one day past its threshold and not on the threshold day', (rule) => {
    const [fires, quiet] = pairs.get(rule)!;
    expect(rulesOf(fires)).toEqual([rule]);
    expect(rulesOf(quiet)).toEqual([]);
  });

  it('evaluates no closed household', () => {
    expect(rulesOf(closedId)).toEqual([]);
  });

  it('records the figures the queue shows: the dates the days are counted from', async () => {
    const [noContact] = pairs.get('NO_CONTACT')!;
    const [row] = await db.query<Array<{ figures: Record<string, unknown> }>>(`SELECT figures FROM stalled_case WHERE household_id = $1 AND rule = 'NO_CONTACT'`, [noContact]);
    expect(row!.figures).toEqual({ lastContactOn: atThreshold('NO_CONTACT', 1), intakeStartedOn: LONG_AGO });
  });

  it('a second run over unchanged facts raises, changes and clears nothing; a switched-off rule is cleared', async () => {
    const again = await repository.syncRules(m.tenantId, TODAY, NOW, defaultSettings());
    expect(again).toMatchObject({ raised: 0, changed: 0, cleared: 0, firing: pairs.size });

    const withoutHandover = defaultSettings().map((s) => (s.rule === 'HANDOVER_PENDING' ? { ...s, enabled: false } : s));
    const off = await repository.syncRules(m.tenantId, TODAY, NOW, withoutHandover);
    expect(off).toMatchObject({ raised: 0, cleared: 1 });
    expect([...((await openCases()).get(pairs.get('HANDOVER_PENDING')![0]) ?? [])]).toEqual([]);
  });
});
