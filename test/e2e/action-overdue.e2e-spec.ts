import { jest } from '@jest/globals';
import request from 'supertest';
import { Clock } from '../../src/common/clock.js';
import { ActionOverdueService } from '../../src/supervision/overdue/action-overdue.service.js';
import { StallEvaluationService } from '../../src/supervision/stalled/stall-evaluation.service.js';
import { bearer, createTenantFixture, startTestApp, systemDb, uniqueSuffix, type TenantFixture, type TestApp } from './harness/index.js';
import { linkCareTeam } from './support/care-team.js';
import { caseApi } from './support/case.js';
import { dateIn, onDay as moveToDay } from './support/days.js';
import { waitFor } from './support/wait.js';

let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;

beforeAll(async () => {
  // the relay and workers run here (fan-out to inbox and webhooks); the schedule itself is tested below
  t = await startTestApp({ PROCESS_ROLE: 'all', QUEUE_PREFIX: `ov${uniqueSuffix()}`, RELAY_POLL_MS: '200', ACTION_OVERDUE_EVERY_MS: String(24 * 3_600_000) });
  f = await createTenantFixture(t.app);
  c = caseApi(t);
});

afterEach(() => t.app.get(Clock).reset());

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);
const onDay = (days: number) => moveToDay(t.app, days);
/** The daily check, as the scheduler runs it, at the app's (moved) clock. */
const runCheck = () => t.app.get(ActionOverdueService).emitForTenant(f.tenantId, t.app.get(Clock).now());

interface InboxItem {
  type: string;
  householdId: string | null;
  data: Record<string, unknown>;
}
const inbox = async (token: string) => ((await api().get('/api/v1/me/notifications?limit=100').set(bearer(token))).body as { items: InboxItem[] }).items;

/** A case (coordinator, plan, partner on the care team) with one goal and one action due `dueIn` days from day 0. */
async function caseWithAction(owner: { type: string; id: string }, dueIn: number): Promise<{ householdId: string; actionId: string; etag: string }> {
  onDay(0);
  const { householdId, etag } = await c.caseWithPlan(f);
  const link = await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' });
  expect(link.status).toBe(201);
  const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'finances', title: 'Schulden in beeld' });
  expect(goal.status).toBe(201);
  const action = await api()
    .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
    .set(bearer(f.coordinator))
    .set('If-Match', goal.headers.etag as string)
    .send({ description: 'Aanmelden bij schuldhulp', owner, dueDate: dateIn(dueIn) });
  expect(action.status).toBe(201);
  return { householdId, actionId: action.body.id as string, etag: action.headers.etag as string };
}

const overdueEvents = (actionId: string) => db().query<Array<{ payload: { dueDate: string } }>>(`SELECT payload FROM outbox_event WHERE type = 'action.overdue' AND aggregate_id = $1 ORDER BY id`, [actionId]);

describe('action.overdue', () => {
  it('tells the owning professional and the coordinator the day after the due date, once, and shows it in the timeline', async () => {
    const { householdId, actionId } = await caseWithAction({ type: 'professional', id: f.partner.id }, 3);
    onDay(3);
    await runCheck();
    expect(await overdueEvents(actionId)).toHaveLength(0); // due today is not overdue

    onDay(4);
    await runCheck();
    await runCheck();
    onDay(10);
    await runCheck();
    const events = await overdueEvents(actionId);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload.dueDate).toBe(dateIn(3));

    const forOwner = await waitFor('owner notified', async () => (await inbox(f.partner.token)).find((n) => n.type === 'action.overdue' && n.data.actionId === actionId));
    expect(forOwner.householdId).toBe(householdId);
    await waitFor('coordinator notified', async () => (await inbox(f.coordinator.token)).some((n) => n.type === 'action.overdue' && n.data.actionId === actionId));
    // nobody else: the other partner professional is not the owner
    expect((await inbox(f.secondPartner.token)).some((n) => n.type === 'action.overdue' && n.data.actionId === actionId)).toBe(false);

    const timeline = await api().get(`/api/v1/households/${householdId}/timeline?types=action.overdue`).set(bearer(f.coordinator));
    expect(timeline.status).toBe(200);
    expect(timeline.body.items).toEqual([expect.objectContaining({ type: 'action.overdue', actor: null, data: expect.objectContaining({ actionId, dueDate: dateIn(3), ownerType: 'professional' }) })]);
  });

  it('is not sent for a done action, and again once a moved due date has passed too', async () => {
    const done = await caseWithAction({ type: 'professional', id: f.partner.id }, 1);
    const finished = await api().patch(`/api/v1/households/${done.householdId}/plan/actions/${done.actionId}`).set(bearer(f.coordinator)).set('If-Match', done.etag).send({ status: 'done' });
    expect(finished.status).toBe(200);
    const moved = await caseWithAction({ type: 'professional', id: f.partner.id }, 1);
    onDay(2);
    await runCheck();
    expect(await overdueEvents(done.actionId)).toHaveLength(0);
    expect(await overdueEvents(moved.actionId)).toHaveLength(1);

    const res = await api().patch(`/api/v1/households/${moved.householdId}/plan/actions/${moved.actionId}`).set(bearer(f.coordinator)).set('If-Match', moved.etag).send({ dueDate: dateIn(5) });
    expect(res.status).toBe(200);
    onDay(5);
    await runCheck();
    expect(await overdueEvents(moved.actionId)).toHaveLength(1);
    onDay(6);
    await runCheck();
    expect((await overdueEvents(moved.actionId)).map((e) => e.payload.dueDate)).toEqual([dateIn(1), dateIn(5)]);
  });

  it('of a reopened case without coordinator reaches the intake team, which was told of the reopening too', async () => {
    const { householdId, actionId } = await caseWithAction({ type: 'professional', id: f.partner.id }, 2);
    expect((await api().post(`/api/v1/households/${householdId}/close`).set(bearer(f.coordinator)).send({ reason: 'Doelen bereikt' })).status).toBe(200);
    expect((await api().post(`/api/v1/households/${householdId}/reopen`).set(bearer(f.supervisor)).send({ reason: 'Nieuwe zorgen gemeld' })).status).toBe(200);
    // an intake coordinator who was never involved hears that the case is back and waits for a coordinator
    await waitFor('intake team told of the reopening', async () => (await inbox(f.secondCoordinator.token)).some((n) => n.type === 'household.reopened' && n.householdId === householdId));

    onDay(3);
    await runCheck();
    const [event] = await db().query<Array<{ payload: Record<string, unknown> }>>(`SELECT payload FROM outbox_event WHERE type = 'action.overdue' AND aggregate_id = $1`, [actionId]);
    expect(event!.payload.intakeOrganisationId).toBe(f.ownOrganisationId);
    await waitFor('intake team told of the overdue action', async () => (await inbox(f.secondCoordinator.token)).some((n) => n.type === 'action.overdue' && n.data.actionId === actionId));
  });

  it('of a case with a coordinator names no intake team', async () => {
    const { actionId } = await caseWithAction({ type: 'professional', id: f.partner.id }, 1);
    onDay(2);
    await runCheck();
    const [event] = await db().query<Array<{ payload: Record<string, unknown> }>>(`SELECT payload FROM outbox_event WHERE type = 'action.overdue' AND aggregate_id = $1`, [actionId]);
    expect(Object.keys(event!.payload)).not.toContain('intakeOrganisationId');
  });

  it('reaches an owning organisation by webhook', async () => {
    const hook = await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(f.admin)).send({ url: 'https://partner.example/hook', eventTypes: ['action.overdue'] });
    expect(hook.status).toBe(201);
    const { actionId } = await caseWithAction({ type: 'organisation', id: f.partnerOrganisationId }, 1);
    onDay(2);
    await runCheck();
    await waitFor('webhook delivery for the overdue action', async () => {
      const [row] = await db().query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM webhook_delivery d JOIN outbox_event e ON e.id = d.event_id WHERE d.subscription_id = $1 AND e.type = 'action.overdue' AND e.aggregate_id = $2`,
        [hook.body.id, actionId],
      );
      return row!.n === 1;
    });
    await api().delete(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks/${hook.body.id}`).set(bearer(f.admin));
  });

  it('once per action and due date is enforced by the database', async () => {
    const { actionId, householdId } = await caseWithAction({ type: 'professional', id: f.partner.id }, 1);
    onDay(2);
    await Promise.all([runCheck(), runCheck(), runCheck()]);
    expect(await overdueEvents(actionId)).toHaveLength(1);
    await expect(
      db().query(`INSERT INTO action_overdue_notice (tenant_id, action_id, household_id, due_date, notified_at) VALUES ($1, $2, $3, $4, now())`, [f.tenantId, actionId, householdId, dateIn(1)]),
    ).rejects.toThrow(/uq_action_overdue_notice/);
  });
});

describe('the overdue check of every municipality', () => {
  it('stops after the municipality in hand when the process shuts down, and rejects so its job is retried', async () => {
    await createTenantFixture(t.app, `Tweede gemeente ${uniqueSuffix()}`); // at least two to walk
    // a view of the service of its own: the app's scheduled run (every municipality of a shared test database) may be
    // walking the real service meanwhile, and a spy on it counted that run's calls too
    const overdue = Object.create(t.app.get(ActionOverdueService)) as ActionOverdueService;
    const stop = new AbortController();
    const each = jest.fn(async (tenantId: string) => {
      stop.abort();
      return { tenantId, emitted: 0 };
    });
    overdue.emitForTenant = each;
    await expect(overdue.emitForAllTenants(t.app.get(Clock).now(), stop.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(each).toHaveBeenCalledTimes(1);
  });
});

describe('the overdue-action schedule', () => {
  it('runs once per interval across two replicas, not once per replica', async () => {
    // The schedule is what is counted, so runs return at once, spied on the classes before the replicas start: a real
    // walk goes through every municipality in the shared test database (thousands by the end of the suite), outlasts
    // the interval and holds the next job back, and the count would measure the database's size. The stall walk,
    // scheduled too, is stubbed for the same reason.
    const runs = jest.spyOn(ActionOverdueService.prototype, 'emitForAllTenants').mockResolvedValue([]);
    const stallWalk = jest.spyOn(StallEvaluationService.prototype, 'evaluateAllTenants').mockResolvedValue([]);
    const env = { PROCESS_ROLE: 'all', QUEUE_PREFIX: `ovs${uniqueSuffix()}`, ACTION_OVERDUE_EVERY_MS: '1500', STALL_EVALUATION_EVERY_MS: '3600000', RELAY_POLL_MS: '1000' };
    const replicas: TestApp[] = [await startTestApp(env), await startTestApp(env)];
    try {
      runs.mockClear();
      await new Promise((resolve) => setTimeout(resolve, 7_600));
      expect(runs.mock.calls.length).toBeGreaterThanOrEqual(3);
      expect(runs.mock.calls.length).toBeLessThanOrEqual(6);
    } finally {
      for (const replica of replicas) await replica.close();
      runs.mockRestore();
      stallWalk.mockRestore();
    }
  }, 60_000);
});
