import request from 'supertest';
import { Clock } from '../../src/common/clock.js';
import { buildFiredCtes } from '../../src/supervision/stalled/stall-evaluation.sql.js';
import { StallEvaluationService } from '../../src/supervision/stalled/stall-evaluation.service.js';
import { defaultSettings } from '../../src/supervision/stall-rules.js';
import { bearer, createTenantFixture, expectProblem, problemFields, startTestApp, type TenantFixture, type TestApp, systemDb } from './harness/index.js';
import { caseApi } from './support/case.js';
import { dateIn, onDay as moveToDay } from './support/days.js';

let t: TestApp;
let c: ReturnType<typeof caseApi>;

beforeAll(async () => {
  t = await startTestApp();
  c = caseApi(t);
});

afterEach(() => t.app.get(Clock).reset());

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);


const onDay = (days: number) => moveToDay(t.app, days);

interface RuleItem {
  rule: string;
  since: string;
  figures: Record<string, unknown>;
}
interface QueueItem {
  householdId: string;
  rules: RuleItem[];
  snoozed: Array<{ rule: string; until: string }>;
  coordination: { state: string; coordinator: { id: string; name: string } | null };
  severity: number;
  daysStalled: number;
}

async function evaluate(f: TenantFixture) {
  const res = await api().post('/api/v1/supervision/stalled/evaluate').set(bearer(f.supervisor));
  expect(res.status).toBe(200);
  return res.body as { households: number; firing: number; entered: number; left: number; raised: number; cleared: number; stalledHouseholds: number };
}

async function queueItem(f: TenantFixture, householdId: string): Promise<QueueItem | undefined> {
  const res = await api().get('/api/v1/supervision/stalled?limit=100').set(bearer(f.supervisor));
  expect(res.status).toBe(200);
  return (res.body.items as QueueItem[]).find((i) => i.householdId === householdId);
}

/** Evaluates on `day` and answers the household's visible rules in the queue. */
async function rulesOn(f: TenantFixture, day: number, householdId: string): Promise<Map<string, RuleItem>> {
  onDay(day);
  await evaluate(f);
  const item = await queueItem(f, householdId);
  return new Map((item?.rules ?? []).map((r) => [r.rule, r]));
}

async function events(householdId: string, type: string): Promise<Array<{ payload: { rules: string[] } }>> {
  return db().query('SELECT payload FROM outbox_event WHERE household_id = $1 AND type = $2 ORDER BY id', [householdId, type]);
}

async function stalledRows(householdId: string, rule: string): Promise<Array<{ since: Date; cleared_at: Date | null }>> {
  return db().query('SELECT since, cleared_at FROM stalled_case WHERE household_id = $1 AND rule = $2 ORDER BY since', [householdId, rule]);
}

/** A household whose intake started on day 0 (registered and coordinator assigned), without plan. */
async function inIntake(f: TenantFixture): Promise<string> {
  onDay(0);
  const householdId = await c.registerHousehold(f.coordinator);
  await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
  return householdId;
}

/** A household with coordinator and plan made on day 0 (review date far ahead). */
async function withPlan(f: TenantFixture, reviewDate = dateIn(400)): Promise<{ householdId: string; etag: string }> {
  onDay(0);
  const { householdId, etag } = await c.caseWithPlan(f);
  const res = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', etag).send({ reviewDate });
  expect(res.status).toBe(200);
  return { householdId, etag: res.headers.etag as string };
}

async function recordContact(f: TenantFixture, householdId: string): Promise<void> {
  const res = await api()
    .post(`/api/v1/households/${householdId}/contacts`)
    .set(bearer(f.coordinator))
    .send({ kind: 'home_visit', occurredAt: t.app.get(Clock).now().toISOString(), note: 'Huisbezoek' });
  expect(res.status).toBe(201);
}

describe('each stall rule fires exactly past its threshold and clears when resolved', () => {
  let f: TenantFixture;
  beforeAll(async () => {
    f = await createTenantFixture(t.app);
  });

  it('NO_COORDINATOR: an open household without coordinator shows up on day 3, not day 2, as coordination vacant; assigning clears it', async () => {
    onDay(0);
    const householdId = await c.registerHousehold(f.coordinator);
    expect((await rulesOn(f, 2, householdId)).has('NO_COORDINATOR')).toBe(false);
    const rules = await rulesOn(f, 3, householdId);
    expect(rules.get('NO_COORDINATOR')?.figures).toEqual({ days: 3, vacantSince: dateIn(0) });
    const item = (await queueItem(f, householdId))!;
    expect(item.coordination).toEqual(expect.objectContaining({ state: 'vacant', coordinator: null }));

    await c.assignCoordinator(f.supervisor, householdId, f.coordinator);
    expect((await rulesOn(f, 3, householdId)).has('NO_COORDINATOR')).toBe(false);
    const [row] = await stalledRows(householdId, 'NO_COORDINATOR');
    expect(row!.cleared_at).not.toBeNull();
  });

  it('NO_PLAN: fires 15 days after intake started, not after 14; making the plan clears it', async () => {
    const householdId = await inIntake(f);
    expect((await rulesOn(f, 14, householdId)).has('NO_PLAN')).toBe(false);
    expect((await rulesOn(f, 15, householdId)).get('NO_PLAN')?.figures).toEqual({ days: 15, intakeStartedOn: dateIn(0) });
    const plan = await api().post(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).send({ reviewDate: dateIn(400) });
    expect(plan.status).toBe(201);
    expect((await rulesOn(f, 15, householdId)).has('NO_PLAN')).toBe(false);
  });

  it('PLAN_NOT_UPDATED: fires when the plan is unchanged for 43 days, not 42; a change clears it', async () => {
    const { householdId, etag } = await withPlan(f);
    expect((await rulesOn(f, 42, householdId)).has('PLAN_NOT_UPDATED')).toBe(false);
    expect((await rulesOn(f, 43, householdId)).get('PLAN_NOT_UPDATED')?.figures).toEqual(expect.objectContaining({ days: 43, lastChangedOn: dateIn(0) }));
    onDay(0);
    const res = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', etag).send({ familyWishes: 'Weer samen eten' });
    expect(res.status).toBe(200);
    expect((await rulesOn(f, 1, householdId)).has('PLAN_NOT_UPDATED')).toBe(false);
  });

  it('ACTIONS_OVERDUE: an open action 15 days past due fires with the count, 14 days does not; finishing it clears it', async () => {
    const { householdId, etag } = await withPlan(f);
    const goal = await api()
      .post(`/api/v1/households/${householdId}/plan/goals`)
      .set(bearer(f.coordinator))
      .set('If-Match', etag)
      .send({ domainCode: 'finances', title: 'Schulden in beeld' });
    expect(goal.status).toBe(201);
    const action = await api()
      .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
      .set(bearer(f.coordinator))
      .set('If-Match', goal.headers.etag as string)
      .send({ description: 'Aanmelden bij schuldhulp', owner: { type: 'professional', id: f.coordinator.id }, dueDate: dateIn(0) });
    expect(action.status).toBe(201);

    expect((await rulesOn(f, 14, householdId)).has('ACTIONS_OVERDUE')).toBe(false);
    expect((await rulesOn(f, 15, householdId)).get('ACTIONS_OVERDUE')?.figures).toEqual(expect.objectContaining({ count: 1, days: 15, oldestDueDate: dateIn(0) }));

    const done = await api()
      .patch(`/api/v1/households/${householdId}/plan/actions/${action.body.id}`)
      .set(bearer(f.coordinator))
      .set('If-Match', action.headers.etag as string)
      .send({ status: 'done' });
    expect(done.status).toBe(200);
    expect((await rulesOn(f, 15, householdId)).has('ACTIONS_OVERDUE')).toBe(false);
  });

  it('REVIEW_OVERDUE: fires the day after the review date, not on it; a new review date clears it', async () => {
    const { householdId, etag } = await withPlan(f, dateIn(5));
    expect((await rulesOn(f, 5, householdId)).has('REVIEW_OVERDUE')).toBe(false);
    expect((await rulesOn(f, 6, householdId)).get('REVIEW_OVERDUE')?.figures).toEqual({ days: 1, reviewDate: dateIn(5) });
    const res = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', etag).send({ reviewDate: dateIn(60) });
    expect(res.status).toBe(200);
    expect((await rulesOn(f, 6, householdId)).has('REVIEW_OVERDUE')).toBe(false);
  });

  it('NO_CONTACT: fires 31 days after intake without contact, not 30; a contact clears it and the count starts again', async () => {
    const { householdId } = await withPlan(f);
    expect((await rulesOn(f, 30, householdId)).has('NO_CONTACT')).toBe(false);
    expect((await rulesOn(f, 31, householdId)).get('NO_CONTACT')?.figures).toEqual({ days: 31, lastContactOn: null, intakeStartedOn: dateIn(0) });
    await recordContact(f, householdId);
    expect((await rulesOn(f, 31, householdId)).has('NO_CONTACT')).toBe(false);
    expect((await rulesOn(f, 61, householdId)).has('NO_CONTACT')).toBe(false);
    expect((await rulesOn(f, 62, householdId)).get('NO_CONTACT')?.figures).toEqual({ days: 31, lastContactOn: dateIn(31), intakeStartedOn: dateIn(0) });
    const rows = await stalledRows(householdId, 'NO_CONTACT');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.cleared_at).not.toBeNull();
    expect(rows[1]!.cleared_at).toBeNull();
  });

  it('NO_CONTACT finds the same last contacts whether it aggregates the contacts or probes the index per household', async () => {
    const fired = async (contactLookup: 'aggregate' | 'probe') => {
      const { ctes, params } = buildFiredCtes(f.tenantId, dateIn(62), defaultSettings(), { contactLookup });
      return db().query(`WITH ${ctes.join(', ')} SELECT household_id, rule, figures FROM fired ORDER BY household_id, rule`, params);
    };
    const aggregated = await fired('aggregate');
    expect(aggregated.some((r: { rule: string }) => r.rule === 'NO_CONTACT')).toBe(true);
    expect(await fired('probe')).toEqual(aggregated);
  });

  it('SIGNAL_UNANSWERED: signals matched 6 days ago and not acknowledged fire with their count, 5 days do not; acknowledging clears it', async () => {
    const g = await createTenantFixture(t.app); // an address of its own, so the signals match this household only
    onDay(0);
    const householdId = await c.registerHousehold(g.coordinator, { postcode: '1012 AB', houseNumber: 7 });
    await c.assignCoordinator(g.coordinator, householdId, g.coordinator);
    const signal = async (who: TenantFixture['partner']) => {
      const res = await api()
        .post('/api/v1/signals')
        .set(bearer(who))
        .send({ postcode: '1012 AB', houseNumber: 7, dateOfBirth: '1988-03-14', category: 'debt', severity: 'medium', note: 'Huurachterstand' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const signals = [await signal(g.partner), await signal(g.coordinator)]; // two organisations: a match
    expect((await rulesOn(g, 5, householdId)).has('SIGNAL_UNANSWERED')).toBe(false);
    expect((await rulesOn(g, 6, householdId)).get('SIGNAL_UNANSWERED')?.figures).toEqual({ count: 2, days: 6, oldestMatchedOn: dateIn(0) });
    for (const id of signals) expect((await api().post(`/api/v1/signals/${id}/acknowledge`).set(bearer(g.coordinator))).status).toBe(200);
    expect((await rulesOn(g, 6, householdId)).has('SIGNAL_UNANSWERED')).toBe(false);
  });

  it('NO_PROGRESS: fires when the latest assessment is no better than one more than 180 days older, not 180; improvement clears it', async () => {
    const householdId = await inIntake(f);
    const assess = async (assessedOn: string, scores: Record<string, number>) => {
      const res = await api()
        .post(`/api/v1/households/${householdId}/assessments`)
        .set(bearer(f.coordinator))
        .send({ assessedOn, scores: Object.entries(scores).map(([domainCode, score]) => ({ domainCode, score })) });
      expect(res.status).toBe(201);
    };
    await assess(dateIn(-400), { finances: 2, housing: 3 });
    await assess(dateIn(-220), { finances: 3, housing: 2 }); // 180 days later, same total: no baseline yet
    expect((await rulesOn(f, 0, householdId)).has('NO_PROGRESS')).toBe(false);
    await assess(dateIn(-219), { finances: 2, housing: 3, parenting: 1 }); // 181 days after the first; parenting not compared
    expect((await rulesOn(f, 0, householdId)).get('NO_PROGRESS')?.figures).toEqual(
      expect.objectContaining({ days: 181, baselineTotal: 5, latestTotal: 5, domains: 2, baselineOn: dateIn(-400), latestOn: dateIn(-219) }),
    );
    await assess(dateIn(-10), { finances: 4, housing: 3 }); // baseline now the one of day -220 (total 5): improved
    expect((await rulesOn(f, 0, householdId)).has('NO_PROGRESS')).toBe(false);
  });

  it('closing a household clears its rules and takes it out of the queue', async () => {
    onDay(0);
    const householdId = await c.registerHousehold(f.coordinator);
    expect((await rulesOn(f, 3, householdId)).has('NO_COORDINATOR')).toBe(true);
    const closed = await api().post(`/api/v1/households/${householdId}/close`).set(bearer(f.supervisor)).send({ reason: 'Verhuisd' });
    expect(closed.status).toBe(200);
    expect(await queueItem(f, householdId)).toBeUndefined();
    await rulesOn(f, 3, householdId);
    expect((await stalledRows(householdId, 'NO_COORDINATOR'))[0]!.cleared_at).not.toBeNull();
    expect(await events(householdId, 'case.unstalled')).toHaveLength(1);
  });
});

describe('the stalled state and its events', () => {
  let f: TenantFixture;
  beforeAll(async () => {
    f = await createTenantFixture(t.app);
  });

  it('emits case.stalled on entry and again when another rule joins (an outside run saw the coordinator told only of the first) — not on every run — and case.unstalled once on leaving', async () => {
    const { householdId, etag } = await withPlan(f, dateIn(35));
    await rulesOn(f, 31, householdId); // NO_CONTACT
    await rulesOn(f, 32, householdId);
    expect((await events(householdId, 'case.stalled')).map((e) => e.payload)).toEqual([{ rules: ['NO_CONTACT'] }]);
    const rules = await rulesOn(f, 36, householdId); // + REVIEW_OVERDUE
    expect([...rules.keys()].sort()).toEqual(['NO_CONTACT', 'REVIEW_OVERDUE']);
    await rulesOn(f, 36, householdId);
    expect((await events(householdId, 'case.stalled')).map((e) => e.payload)).toEqual([{ rules: ['NO_CONTACT'] }, { rules: ['NO_CONTACT', 'REVIEW_OVERDUE'] }]);

    await recordContact(f, householdId);
    const res = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', etag).send({ reviewDate: dateIn(100) });
    expect(res.status).toBe(200);
    expect((await rulesOn(f, 36, householdId)).size).toBe(0);
    await rulesOn(f, 37, householdId);
    expect(await events(householdId, 'case.stalled')).toHaveLength(2);
    const unstalled = await events(householdId, 'case.unstalled');
    expect(unstalled).toHaveLength(1);
    expect(unstalled[0]!.payload).toEqual({ rules: ['NO_CONTACT', 'REVIEW_OVERDUE'] });
    expect(await queueItem(f, householdId)).toBeUndefined();
  });

  it('two evaluations at the same moment emit case.stalled only once', async () => {
    onDay(0);
    const households = [await c.registerHousehold(f.coordinator), await c.registerHousehold(f.coordinator)];
    onDay(3);
    const evaluation = t.app.get(StallEvaluationService);
    const now = t.app.get(Clock).now();
    const results = await Promise.all([
      evaluation.evaluateTenant(f.tenantId, now),
      evaluation.evaluateTenant(f.tenantId, now),
      api().post('/api/v1/supervision/stalled/evaluate').set(bearer(f.supervisor)),
    ]);
    expect(results.filter((r) => 'ran' in r && r.ran).length).toBeGreaterThanOrEqual(1);
    const http = results[2] as request.Response;
    expect([200, 409]).toContain(http.status);
    if (http.status === 409) expectProblem(http, 409, 'EVALUATION_RUNNING');
    for (const householdId of households) expect(await events(householdId, 'case.stalled')).toHaveLength(1);
  });

  it('evaluateAllTenants evaluates every municipality with the time it is given', async () => {
    const other = await createTenantFixture(t.app);
    onDay(0);
    const householdId = await c.registerHousehold(other.coordinator);
    const results = await t.app.get(StallEvaluationService).evaluateAllTenants(new Date(Date.parse(`${dateIn(3)}T11:00:00Z`)));
    expect(results.find((r) => r.tenantId === other.tenantId)).toEqual(expect.objectContaining({ ran: true, entered: 1, stalledHouseholds: 1 }));
    expect(await events(householdId, 'case.stalled')).toHaveLength(1);
  });
});

describe('snoozing a rule', () => {
  let f: TenantFixture;
  beforeAll(async () => {
    f = await createTenantFixture(t.app);
  });

  it('hides the rule up to and including its end date, takes the household out of the queue meanwhile, and shows it again after', async () => {
    onDay(0);
    const householdId = await c.registerHousehold(f.coordinator);
    expect((await rulesOn(f, 3, householdId)).has('NO_COORDINATOR')).toBe(true);

    const res = await api()
      .post(`/api/v1/supervision/stalled/${householdId}/snoozes`)
      .set(bearer(f.supervisor))
      .send({ rule: 'NO_COORDINATOR', until: dateIn(10), reason: 'Nieuwe regisseur start volgende week' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/supervision/stalled/${householdId}/snoozes/${res.body.id}`);
    expect(res.body).toEqual(expect.objectContaining({ rule: 'NO_COORDINATOR', until: dateIn(10), active: true, createdById: f.supervisor.id }));
    expect(await queueItem(f, householdId)).toBeUndefined();
    expect(await events(householdId, 'case.unstalled')).toHaveLength(1);

    const read = await api().get(res.headers.location!).set(bearer(f.supervisor));
    expect(read.status).toBe(200);
    const list = await api().get(`/api/v1/supervision/stalled/${householdId}/snoozes`).set(bearer(f.supervisor));
    expect(list.body.items).toHaveLength(1);

    expect((await rulesOn(f, 10, householdId)).size).toBe(0);
    expect(await queueItem(f, householdId)).toBeUndefined();
    expect((await rulesOn(f, 11, householdId)).get('NO_COORDINATOR')?.figures).toEqual(expect.objectContaining({ days: 11 }));
    // the rule kept firing underneath: one open row since day 3, and a second entry into the stalled state
    const rows = await stalledRows(householdId, 'NO_COORDINATOR');
    expect(rows).toHaveLength(1);
    expect(await events(householdId, 'case.stalled')).toHaveLength(2);
  });

  it('a snoozed rule stays listed under snoozed while other rules keep the household in the queue', async () => {
    const { householdId } = await withPlan(f, dateIn(5));
    const rules = await rulesOn(f, 31, householdId);
    expect([...rules.keys()].sort()).toEqual(['NO_CONTACT', 'REVIEW_OVERDUE']);
    const res = await api()
      .post(`/api/v1/supervision/stalled/${householdId}/snoozes`)
      .set(bearer(f.supervisor))
      .send({ rule: 'REVIEW_OVERDUE', until: dateIn(40), reason: 'Evaluatie gepland' });
    expect(res.status).toBe(201);
    const item = (await queueItem(f, householdId))!;
    expect(item.rules.map((r) => r.rule)).toEqual(['NO_CONTACT']);
    expect(item.snoozed).toEqual([{ rule: 'REVIEW_OVERDUE', until: dateIn(40) }]);
    expect(await events(householdId, 'case.unstalled')).toHaveLength(0);
  });

  it('refuses an end date in the past or more than a year ahead, unknown rules, closed households, other roles and other municipalities', async () => {
    onDay(0);
    const householdId = await c.registerHousehold(f.coordinator);
    const snooze = (body: object, who = f.supervisor) => api().post(`/api/v1/supervision/stalled/${householdId}/snoozes`).set(bearer(who)).send(body);
    expect(problemFields(expectProblem(await snooze({ rule: 'NO_PLAN', until: dateIn(-1), reason: 'x' }), 422, 'INVALID_SNOOZE_END'))).toEqual(['until']);
    expectProblem(await snooze({ rule: 'NO_PLAN', until: dateIn(400), reason: 'x' }), 422, 'INVALID_SNOOZE_END');
    expect(problemFields(expectProblem(await snooze({ rule: 'NOPE', until: dateIn(1), reason: ' ' }), 400))).toEqual(expect.arrayContaining(['rule', 'reason']));
    expectProblem(await snooze({ rule: 'NO_PLAN', until: dateIn(1), reason: 'x' }, f.coordinator), 403);
    const other = await createTenantFixture(t.app);
    const foreign = await api().post(`/api/v1/supervision/stalled/${householdId}/snoozes`).set(bearer(other.supervisor)).send({ rule: 'NO_PLAN', until: dateIn(1), reason: 'x' });
    expectProblem(foreign, 404);
    await api().post(`/api/v1/households/${householdId}/close`).set(bearer(f.supervisor)).send({ reason: 'Verhuisd' });
    expectProblem(await snooze({ rule: 'NO_PLAN', until: dateIn(1), reason: 'x' }), 409, 'HOUSEHOLD_CLOSED');
  });
});

describe('per-municipality rule settings', () => {
  let f: TenantFixture;
  beforeAll(async () => {
    f = await createTenantFixture(t.app);
  });

  it('lists the rules (the eight of SPEC.md and HANDOVER_PENDING) with their defaults to supervisors and admins, not to coordinators', async () => {
    const res = await api().get('/api/v1/supervision/rules').set(bearer(f.supervisor));
    expect(res.status).toBe(200);
    const thresholds = Object.fromEntries((res.body.items as Array<{ rule: string; thresholdDays: number }>).map((r) => [r.rule, r.thresholdDays]));
    expect(thresholds).toEqual({
      NO_COORDINATOR: 2,
      NO_PLAN: 14,
      PLAN_NOT_UPDATED: 42,
      ACTIONS_OVERDUE: 14,
      NO_CONTACT: 30,
      REVIEW_OVERDUE: 0,
      SIGNAL_UNANSWERED: 5,
      NO_PROGRESS: 180,
      HANDOVER_PENDING: 7,
    });
    expect((await api().get('/api/v1/supervision/rules').set(bearer(f.admin))).status).toBe(200);
    expectProblem(await api().get('/api/v1/supervision/rules').set(bearer(f.coordinator)), 403);
  });

  it('an admin changes a threshold or switches a rule off, and the next evaluation follows', async () => {
    onDay(0);
    const householdId = await c.registerHousehold(f.coordinator);
    const put = (rule: string, body: object, who = f.admin) => api().put(`/api/v1/supervision/rules/${rule}`).set(bearer(who)).send(body);
    const changed = await put('NO_COORDINATOR', { thresholdDays: 5, enabled: true });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual(expect.objectContaining({ rule: 'NO_COORDINATOR', thresholdDays: 5, enabled: true, defaultThresholdDays: 2, overridden: true, updatedById: f.admin.id }));
    expect((await rulesOn(f, 5, householdId)).has('NO_COORDINATOR')).toBe(false);
    expect((await rulesOn(f, 6, householdId)).has('NO_COORDINATOR')).toBe(true);

    expect((await put('NO_COORDINATOR', { thresholdDays: 5, enabled: false })).status).toBe(200);
    expect((await rulesOn(f, 6, householdId)).has('NO_COORDINATOR')).toBe(false);
    expect((await stalledRows(householdId, 'NO_COORDINATOR'))[0]!.cleared_at).not.toBeNull();

    expectProblem(await put('NO_COORDINATOR', { thresholdDays: 3, enabled: true }, f.supervisor), 403);
    expectProblem(await put('NOT_A_RULE', { thresholdDays: 3, enabled: true }), 404, 'RULE_NOT_FOUND');
    expect(problemFields(expectProblem(await put('NO_PLAN', { thresholdDays: -1, enabled: 'yes' }), 400))).toEqual(expect.arrayContaining(['thresholdDays', 'enabled']));
    expect(problemFields(expectProblem(await put('NO_PLAN', { thresholdDays: 3, enabled: true, extra: 1 }), 400))).toEqual(['extra']);
  });

  it('on-demand evaluation is for supervisors', async () => {
    expectProblem(await api().post('/api/v1/supervision/stalled/evaluate').set(bearer(f.coordinator)), 403);
    expectProblem(await api().post('/api/v1/supervision/stalled/evaluate').set(bearer(f.admin)), 403);
  });
});

describe('the supervision API in OpenAPI', () => {
  it.each([
    ['get', '/api/v1/supervision/rules', 'listStallRules', [401, 403]],
    ['put', '/api/v1/supervision/rules/{rule}', 'updateStallRule', [400, 401, 403, 404]],
    ['get', '/api/v1/supervision/stalled', 'listStalledCases', [400, 401, 403]],
    ['post', '/api/v1/supervision/stalled/evaluate', 'evaluateStalledCases', [401, 403, 409]],
    ['post', '/api/v1/supervision/stalled/{householdId}/snoozes', 'snoozeStallRule', [400, 401, 403, 404, 409]],
    ['get', '/api/v1/supervision/stalled/{householdId}/snoozes', 'listStallSnoozes', [401, 403, 404]],
    ['get', '/api/v1/supervision/stalled/{householdId}/snoozes/{snoozeId}', 'getStallSnooze', [401, 403, 404]],
    ['get', '/api/v1/supervision/caseload', 'listCaseloads', [400, 401, 403]],
    ['post', '/api/v1/supervision/caseload/{coordinatorId}/handover', 'handOverCaseload', [400, 401, 403, 404, 409, 422]],
    ['get', '/api/v1/supervision/outcomes', 'getOutcomes', [400, 401, 403]],
  ])('documents %s %s as %s with its problem responses', async (method, path, operationId, statuses) => {
    const doc = (await api().get('/docs-json')).body as { paths: Record<string, Record<string, { operationId: string; security: unknown; responses: Record<string, { content?: object }> }>> };
    const operation = doc.paths[path.replace(/^\/api\/v1/, '')]?.[method];
    expect(operation?.operationId).toBe(operationId);
    expect(operation!.security).toEqual([{ bearer: [] }]);
    for (const status of statuses) expect(operation!.responses[String(status)]?.content).toHaveProperty(['application/problem+json']);
  });

  it('documents the review queue as JSON and as CSV', async () => {
    const doc = (await api().get('/docs-json')).body as { paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>> };
    expect(Object.keys(doc.paths['/supervision/stalled']!.get!.responses['200']!.content!)).toEqual(['application/json', 'text/csv']);
  });
});
