import request from 'supertest';
import { TransactionHost } from '../../src/database/transaction-host.js';
import { FanOutService } from '../../src/delivery/fanout/fanout.service.js';
import {
  bearer,
  createOrganisation,
  createProfessional,
  createTenantFixture,
  expectProblem,
  LOCAL_WEBHOOK_RECEIVERS,
  startTestApp,
  systemDb,
  type TenantFixture,
  type TestApp,
  type UserFixture,
} from './harness/index.js';
import { caseApi } from './support/case.js';
import { linkCareTeam } from './support/care-team.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

/**
 * Purpose limitation for escalations and signals (issue 13, item 5). An escalation names the life domains and members
 * it concerns, and its reason and outcome are free-text case notes: a partner reads it — alone, in the list, on the
 * timeline, in the inbox, by webhook — only when its link covers that. Another organisation's signal says something
 * about the household no narrowed partner was given: only readers of the whole case see it on the timeline or hear
 * of it by webhook; the signalling organisation still hears of its own.
 *
 * Readers of one household (a parent and a child):
 * - youth care: a link without a scope (the whole case);
 * - debt counselling: `finances`, every member, contact notes;
 * - the school: `work_education`, the child only, contact notes;
 * - mental health: everything but contact notes.
 */
let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;
let debtOrg: string;
let debtWorker: UserFixture;
let schoolOrg: string;
let teacher: UserFixture;
let ggzOrg: string;
let therapist: UserFixture;
let houseNumber = 100;

beforeAll(async () => {
  t = await startTestApp({ ...LOCAL_WEBHOOK_RECEIVERS });
  f = await createTenantFixture(t.app);
  c = caseApi(t);
  debtOrg = (await createOrganisation(t.app, { tenantId: f.tenantId, name: 'Schuldhulp Stad', kind: 'welfare' })).id;
  debtWorker = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: debtOrg, name: 'Dirk Schuldhulp', roles: ['professional'] });
  schoolOrg = (await createOrganisation(t.app, { tenantId: f.tenantId, name: 'Basisschool De Linde', kind: 'school' })).id;
  teacher = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: schoolOrg, name: 'Thijs Teacher', roles: ['professional'] });
  ggzOrg = (await createOrganisation(t.app, { tenantId: f.tenantId, name: 'GGZ Midden', kind: 'mental_health' })).id;
  therapist = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: ggzOrg, name: 'Gea Therapeut', roles: ['professional'] });
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);
const CHILD_DOB = '2014-09-02';

interface Case {
  householdId: string;
  houseNumber: number;
  parentId: string;
  childId: string;
}

/** A household at an address of its own (so a signal finds it), with the four readers on its care team. */
async function scopedCase(): Promise<Case> {
  houseNumber += 1;
  const householdId = await c.registerHousehold(f.coordinator, { houseNumber });
  await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
  const members = (await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).body.members as Array<{ id: string; role: string }>;
  const parentId = members.find((m) => m.role === 'parent')!.id;
  const childId = members.find((m) => m.role === 'child')!.id;
  const link = async (organisationId: string, professionalId: string, role: string, scope?: Record<string, unknown>) =>
    expect((await linkCareTeam(t, householdId, f.coordinator, { organisationId, professionalId, role, basis: 'consent', ...(scope && { scope }) })).status).toBe(201);
  await link(f.partnerOrganisationId, f.partner.id, 'jeugdhulp');
  await link(debtOrg, debtWorker.id, 'schuldhulp', { domains: ['finances'], contactNotes: true });
  await link(schoolOrg, teacher.id, 'intern begeleider', { domains: ['work_education'], memberIds: [childId], bsn: false, contactNotes: true });
  await link(ggzOrg, therapist.id, 'ggz', { contactNotes: false });
  return { householdId, houseNumber, parentId, childId };
}

async function open(householdId: string, body: Record<string, unknown>): Promise<string> {
  const res = await api().post(`/api/v1/households/${householdId}/escalations`).set(bearer(f.coordinator)).send(body);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function resolve(escalationId: string, outcome: string): Promise<void> {
  expect((await api().post(`/api/v1/escalations/${escalationId}/resolve`).set(bearer(f.supervisor)).send({ outcome })).status).toBe(200);
}

/**
 * Three escalations, oldest first: about the household's finances (no member named: the household as a whole),
 * about the child's schooling, and one naming nothing.
 */
async function threeEscalations(s: Case) {
  const finances = await open(s.householdId, { reason: 'Deurwaarder staat voor de deur', domains: ['finances'] });
  await resolve(finances, 'Betalingsregeling getroffen');
  const school = await open(s.householdId, { reason: 'Noah al zes weken niet op school', domains: ['work_education'], memberIds: [s.childId] });
  await resolve(school, 'Leerplicht ingeschakeld');
  const general = await open(s.householdId, { reason: 'Het gezin komt geen afspraken na' });
  return { finances, school, general };
}

const readers = () => ({ youthCare: f.partner, debt: debtWorker, school: teacher, ggz: therapist });
type ReaderKey = keyof ReturnType<typeof readers>;

describe('escalations under purpose limitation', () => {
  it('a partner reads one escalation and the list only as far as its scope covers the domains, members and case notes', async () => {
    const s = await scopedCase();
    const e = await threeEscalations(s);

    const one = await api().get(`/api/v1/escalations/${e.school}`).set(bearer(f.coordinator));
    expect(one.body).toMatchObject({ domains: ['work_education'], memberIds: [s.childId], reason: 'Noah al zes weken niet op school', outcome: 'Leerplicht ingeschakeld' });

    const seen = async (as: UserFixture) => {
      const shown: string[] = [];
      for (const id of [e.finances, e.school, e.general]) {
        const res = await api().get(`/api/v1/escalations/${id}`).set(bearer(as));
        if (res.status === 200) shown.push(id);
        else expectProblem(res, 404, 'ESCALATION_NOT_FOUND');
      }
      return shown;
    };
    const listed = async (as: UserFixture) => ((await api().get(`/api/v1/households/${s.householdId}/escalations`).set(bearer(as))).body.items as Array<{ id: string }>).map((x) => x.id);
    const expected: Record<ReaderKey | 'coordinator' | 'supervisor', string[]> = {
      coordinator: [e.finances, e.school, e.general],
      supervisor: [e.finances, e.school, e.general],
      youthCare: [e.finances, e.school, e.general],
      debt: [e.finances, e.general],
      school: [e.school],
      ggz: [],
    };
    const everyone = { ...readers(), coordinator: f.coordinator, supervisor: f.supervisor };
    for (const [key, as] of Object.entries(everyone)) {
      expect({ key, single: await seen(as) }).toEqual({ key, single: expected[key as ReaderKey] });
      expect({ key, list: await listed(as) }).toEqual({ key, list: [...expected[key as ReaderKey]].reverse() });
    }

    // the partner's pages fill: with one per page, debt counselling's second page skips the school escalation it does not see
    const first = await api().get(`/api/v1/households/${s.householdId}/escalations?limit=1`).set(bearer(debtWorker));
    expect((first.body.items as Array<{ id: string }>).map((x) => x.id)).toEqual([e.general]);
    const second = await api().get(`/api/v1/households/${s.householdId}/escalations?limit=1&cursor=${first.body.nextCursor as string}`).set(bearer(debtWorker));
    expect((second.body.items as Array<{ id: string }>).map((x) => x.id)).toEqual([e.finances]);
    expect(second.body.nextCursor).toBeNull();

    // resolving one outside the scope answers as for a missing one, not "not allowed" (no existence leak)
    expectProblem(await api().post(`/api/v1/escalations/${e.general}/resolve`).set(bearer(teacher)).send({ outcome: 'x' }), 404, 'ESCALATION_NOT_FOUND');
    expectProblem(await api().post(`/api/v1/escalations/${e.general}/resolve`).set(bearer(debtWorker)).send({ outcome: 'x' }), 403);
  });

  it("the timeline shows a partner only the escalation entries its scope covers, with their reasons and outcomes", async () => {
    const s = await scopedCase();
    const e = await threeEscalations(s);
    const entries = async (as: UserFixture) =>
      ((await api().get(`/api/v1/households/${s.householdId}/timeline?limit=100&types=escalation.opened,escalation.resolved`).set(bearer(as))).body.items as Array<{
        type: string;
        data: { escalationId: string; reason: string | null };
      }>).map((x) => `${x.type}:${x.data.escalationId}`);
    const both = (id: string) => [`escalation.opened:${id}`, `escalation.resolved:${id}`];
    expect((await entries(f.coordinator)).sort()).toEqual([...both(e.finances), ...both(e.school), `escalation.opened:${e.general}`].sort());
    expect((await entries(f.partner)).sort()).toEqual((await entries(f.coordinator)).sort());
    expect((await entries(debtWorker)).sort()).toEqual([...both(e.finances), `escalation.opened:${e.general}`].sort());
    expect((await entries(teacher)).sort()).toEqual(both(e.school).sort());
    expect(await entries(therapist)).toEqual([]);
    // and the reason the school does not see appears nowhere in its timeline
    const all = await api().get(`/api/v1/households/${s.householdId}/timeline?limit=100`).set(bearer(teacher));
    expect(all.status).toBe(200);
    expect(JSON.stringify(all.body)).not.toContain('Deurwaarder');
  });

  it('names only active life domains of the municipality and active members of the household, in the API and the database', async () => {
    const s = await scopedCase();
    expectProblem(await api().post(`/api/v1/households/${s.householdId}/escalations`).set(bearer(f.coordinator)).send({ reason: 'Zorgen', domains: ['astrology'] }), 422, 'UNKNOWN_LIFE_DOMAIN');
    const other = await c.registerHousehold(f.coordinator, { houseNumber: 9000 + houseNumber });
    const strangerId = ((await api().get(`/api/v1/households/${other}`).set(bearer(f.coordinator))).body.members as Array<{ id: string }>)[0]!.id;
    expectProblem(await api().post(`/api/v1/households/${s.householdId}/escalations`).set(bearer(f.coordinator)).send({ reason: 'Zorgen', memberIds: [strangerId] }), 422, 'MEMBER_NOT_IN_HOUSEHOLD');
    expectProblem(await api().post(`/api/v1/households/${s.householdId}/escalations`).set(bearer(f.coordinator)).send({ reason: 'Zorgen', domains: 'finances' }), 400);
    expectProblem(await api().post(`/api/v1/households/${s.householdId}/escalations`).set(bearer(f.coordinator)).send({ reason: 'Zorgen', memberIds: ['niet-een-id'] }), 400);

    const id = await open(s.householdId, { reason: 'Zorgen om het gezin' });
    const stored = await api().get(`/api/v1/escalations/${id}`).set(bearer(f.coordinator));
    expect(stored.body).toMatchObject({ domains: [], memberIds: [] });
    await expect(db().query(`UPDATE escalation SET domain_codes = ARRAY['astrology'] WHERE id = $1`, [id])).rejects.toThrow(/life domain/);
    await expect(db().query(`UPDATE escalation SET member_ids = ARRAY[$2::uuid] WHERE id = $1`, [id, strangerId])).rejects.toThrow(/member outside its household/);
  });
});

describe('notifications and webhooks of escalations and signals', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());

  const hooks = {} as Record<ReaderKey, string>;
  async function subscribeAll(): Promise<void> {
    if (hooks.youthCare) return;
    const orgs: Record<ReaderKey, string> = { youthCare: f.partnerOrganisationId, debt: debtOrg, school: schoolOrg, ggz: ggzOrg };
    for (const [key, organisationId] of Object.entries(orgs)) {
      const url = `${receiver.origin}/${organisationId}`;
      const res = await api().post(`/api/v1/organisations/${organisationId}/webhooks`).set(bearer(f.admin)).send({ url, eventTypes: ['*'] });
      expect(res.status).toBe(201);
      hooks[key as ReaderKey] = res.body.id as string;
    }
  }

  /** Runs the fan-out of each event of the type, as the job does (system work), and answers their ids oldest first. */
  async function fanOut(householdId: string, type: string): Promise<string[]> {
    const events = await db().query<Array<{ id: string }>>(`SELECT id::text AS id FROM outbox_event WHERE household_id = $1 AND type = $2 ORDER BY outbox_event.id`, [householdId, type]);
    const tx = t.app.get(TransactionHost);
    for (const e of events) await tx.runAsSystem(() => t.app.get(FanOutService).fanOut(e.id));
    return events.map((e) => e.id);
  }
  const eventOf = async (type: string, escalationId: string) =>
    (await db().query<Array<{ id: string }>>(`SELECT id::text AS id FROM outbox_event WHERE type = $1 AND aggregate_id = $2`, [type, escalationId]))[0]!.id;
  const hookedOrgs = async (eventId: string) => {
    const rows = await db().query<Array<{ subscription_id: string }>>('SELECT subscription_id FROM webhook_delivery WHERE event_id = $1', [eventId]);
    const ids = new Set(rows.map((r) => r.subscription_id));
    return (Object.keys(hooks) as ReaderKey[]).filter((k) => ids.has(hooks[k])).sort();
  };
  const inboxOf = async (as: UserFixture) => ((await api().get('/api/v1/me/notifications?limit=100').set(bearer(as))).body.items as Array<{ type: string; data: Record<string, unknown> }>);

  it('an escalation reaches by webhook only the organisations whose scope covers it; partners never get it in the inbox', async () => {
    await subscribeAll();
    const s = await scopedCase();
    const e = await threeEscalations(s);
    await fanOut(s.householdId, 'escalation.opened');
    await fanOut(s.householdId, 'escalation.resolved');

    expect(await hookedOrgs(await eventOf('escalation.opened', e.finances))).toEqual(['debt', 'youthCare']);
    expect(await hookedOrgs(await eventOf('escalation.resolved', e.finances))).toEqual(['debt', 'youthCare']);
    expect(await hookedOrgs(await eventOf('escalation.opened', e.school))).toEqual(['school', 'youthCare']);
    expect(await hookedOrgs(await eventOf('escalation.resolved', e.school))).toEqual(['school', 'youthCare']);
    expect(await hookedOrgs(await eventOf('escalation.opened', e.general))).toEqual(['debt', 'youthCare']);

    // the inbox: the coordinator (and the supervisors) hear of every escalation; no partner of any scope
    const escalationsIn = async (as: UserFixture) =>
      (await inboxOf(as)).filter((n) => n.type.startsWith('escalation.') && [e.finances, e.school, e.general].includes(n.data.escalationId as string)).length;
    // (the actor never hears of their own act: the coordinator opened them, a supervisor resolved two)
    expect((await escalationsIn(f.coordinator)) + (await escalationsIn(f.supervisor))).toBe(5);
    for (const as of Object.values(readers())) expect(await escalationsIn(as)).toBe(0);
  });

  it("another organisation's signal: only readers of the whole case see it on the timeline or hear of it; the signaller hears of its own", async () => {
    await subscribeAll();
    const s = await scopedCase();
    // the debt counsellor (on the team, narrowed to finances) and an attendance officer (not on the team) signal about the child
    const attendance = (await createOrganisation(t.app, { tenantId: f.tenantId, name: 'Leerplicht Stad', kind: 'welfare' })).id;
    const officer = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: attendance, name: 'Lotte Leerplicht', roles: ['professional'] });
    const signal = async (as: UserFixture, category: string) => {
      const res = await api().post('/api/v1/signals').set(bearer(as)).send({ postcode: '3512 AB', houseNumber: s.houseNumber, dateOfBirth: CHILD_DOB, category, severity: 'medium', note: 'Zorgen' });
      expect(res.status).toBe(201);
      const [row] = await db().query<Array<{ household_id: string | null }>>('SELECT household_id FROM signal WHERE id = $1', [res.body.id]);
      expect(row!.household_id).toBe(s.householdId);
      return res.body.id as string;
    };
    const debtSignal = await signal(debtWorker, 'debt');
    const officerSignal = await signal(officer, 'school_absence');

    const signalEntries = async (as: UserFixture) =>
      ((await api().get(`/api/v1/households/${s.householdId}/timeline?limit=100`).set(bearer(as))).body.items as Array<{ type: string }>).filter((x) => x.type.startsWith('signal.')).length;
    expect(await signalEntries(f.coordinator)).toBe(3); // two received, one matched
    // youth care and mental health cover every domain and member (mental health only no contact notes): they see them
    expect([await signalEntries(f.partner), await signalEntries(therapist)]).toEqual([3, 3]);
    // narrowed to a domain or a member: none — the debt counsellor reads its own signals at GET /signals
    expect([await signalEntries(debtWorker), await signalEntries(teacher)]).toEqual([0, 0]);
    // the category itself stays with the signalling organisation, the coordinator, intake and supervisors
    expect((await api().get(`/api/v1/signals/${officerSignal}`).set(bearer(f.coordinator))).body.category).toBe('school_absence');
    for (const as of [f.partner, teacher, debtWorker]) expectProblem(await api().get(`/api/v1/signals/${officerSignal}`).set(bearer(as)), 404);

    const [debtReceived, officerReceived] = await fanOut(s.householdId, 'signal.received');
    const [matched] = await fanOut(s.householdId, 'signal.matched');
    // its own signal reaches the debt counsellor's organisation though its scope is narrow; the officer's only youth care
    expect(await hookedOrgs(debtReceived!)).toEqual(['debt', 'ggz', 'youthCare']);
    expect(await hookedOrgs(officerReceived!)).toEqual(['ggz', 'youthCare']);
    // the match names both signalling organisations: each hears of it, by inbox and webhook; narrowed partners who did not signal do not
    expect(await hookedOrgs(matched!)).toEqual(['debt', 'ggz', 'youthCare']);
    expect((await inboxOf(debtWorker)).some((n) => n.type === 'signal.matched' && (n.data.signalIds as string[]).includes(debtSignal))).toBe(true);
    expect((await inboxOf(officer)).some((n) => n.type === 'signal.matched' && (n.data.signalIds as string[]).includes(officerSignal))).toBe(true);
    expect((await inboxOf(teacher)).some((n) => n.type.startsWith('signal.'))).toBe(false);
  });
});
