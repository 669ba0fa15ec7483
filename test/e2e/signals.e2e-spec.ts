import request from 'supertest';
import { Clock } from '../../src/common/clock.js';
import {
  bearer,
  createTenantFixture,
  expectProblem,
  problemFields,
  startTestApp,
  type TenantFixture,
  type TestApp,
  type UserFixture,
  systemDb,
} from './harness/index.js';
import { caseApi } from './support/case.js';
import { createSignalParties } from './support/signal-parties.js';
import { linkCareTeam } from './support/care-team.js';
import { expectNoneOf } from './support/no-personal-data.js';

let t: TestApp;
let f: TenantFixture;
let other: TenantFixture;
let c: ReturnType<typeof caseApi>;
/** A debt-relief organisation and a school attendance office, each with one professional. */
let debt: { id: string; name: string };
let debtWorker: UserFixture;
let school: { id: string; name: string };
let attendanceOfficer: UserFixture;
/** A coordinator who does not work for the intake team. */
let partnerCoordinator: UserFixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  other = await createTenantFixture(t.app, 'Andere gemeente');
  c = caseApi(t);
  ({ debt, debtWorker, school, attendanceOfficer, partnerCoordinator } = await createSignalParties(t.app, f));
});

afterAll(async () => {
  t.app.get(Clock).reset();
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);

const PARENT_DOB = '1988-03-14';
const CHILD_DOB = '2014-09-02';
const NOAH_BSN = '111222333';
const OTHER_BSN = '123456782';

/**
 * Each household at its own address, so tests never match each other's. High numbers: the leak checks
 * look for the house number in events, whose ids count up through the suite.
 */
let nextHouseNumber = 90_100;

interface Household {
  id: string;
  houseNumber: number;
}

async function household(options: { coordinator?: UserFixture; childBsn?: string; fixture?: TenantFixture } = {}): Promise<Household> {
  const fixture = options.fixture ?? f;
  const houseNumber = nextHouseNumber++;
  const id = await c.registerHousehold(fixture.coordinator, {
    houseNumber,
    members: [
      { givenName: 'Samira', familyName: 'Jansen', dateOfBirth: PARENT_DOB, role: 'parent' },
      { givenName: 'Noah', familyName: 'Jansen', dateOfBirth: CHILD_DOB, role: 'child', ...(options.childBsn && { bsn: options.childBsn }) },
    ],
  });
  if (options.coordinator) await c.assignCoordinator(fixture.supervisor, id, options.coordinator);
  return { id, houseNumber };
}

const NOTE = 'Zoon verzuimt al drie weken; moeder is moeilijk bereikbaar.';

function signalBody(h: { houseNumber: number }, overrides: Record<string, unknown> = {}) {
  return { postcode: '3512 AB', houseNumber: h.houseNumber, dateOfBirth: CHILD_DOB, category: 'school_absence', severity: 'medium', note: NOTE, ...overrides };
}

interface SignalBody {
  id: string;
  status: string;
  householdId: string | null;
  involvement: null | {
    organisations: Array<{ organisationId: string; name: string }>;
    coordinator: null | { professionalId: string; name: string; organisationId: string; organisationName: string };
    intakeTeam: null | { organisationId: string; name: string };
  };
  subject: null | { postcode: string; houseNumber: number; dateOfBirth: string };
  [key: string]: unknown;
}

async function signal(as: UserFixture, h: { houseNumber: number }, overrides: Record<string, unknown> = {}): Promise<SignalBody> {
  const res = await api().post('/api/v1/signals').set(bearer(as)).send(signalBody(h, overrides));
  if (res.status !== 201) throw new Error(`signal: ${res.status} ${res.text}`);
  return res.body as SignalBody;
}

const getSignal = (as: UserFixture, id: string) => api().get(`/api/v1/signals/${id}`).set(bearer(as));

interface OutboxRow {
  type: string;
  aggregate_id: string;
  household_id: string | null;
  actor_id: string | null;
  payload: Record<string, unknown>;
}

function matchEvents(householdId: string): Promise<OutboxRow[]> {
  return db().query(`SELECT type, aggregate_id, household_id, actor_id, payload FROM outbox_event WHERE household_id = $1 AND type = 'signal.matched' ORDER BY id`, [householdId]);
}

function eventsOfSignal(signalId: string): Promise<OutboxRow[]> {
  return db().query(`SELECT type, aggregate_id, household_id, actor_id, payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY id`, [signalId]);
}

async function matchRows(householdId: string): Promise<number> {
  const [row] = await db().query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM signal_match WHERE household_id = $1', [householdId]);
  return row!.n;
}

const sorted = (values: unknown) => [...(values as string[])].sort();

describe('two organisations signalling the same household', () => {
  it('makes exactly one match, announced once to the coordinator with ids only', async () => {
    const h = await household({ coordinator: f.coordinator });

    const first = await api().post('/api/v1/signals').set(bearer(f.partner)).send(signalBody(h));
    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`/api/v1/signals/${first.body.id}`);
    expect(first.body).toEqual({
      id: expect.any(String),
      organisation: { organisationId: f.partnerOrganisationId, name: 'Jeugdhulp Midden' },
      signalledBy: { professionalId: f.partner.id, name: 'Pieter Partner' },
      category: 'school_absence',
      severity: 'medium',
      note: NOTE,
      hasBsn: false,
      status: 'unmatched',
      householdId: null,
      involvement: null,
      subject: null,
      intake: null,
      createdAt: expect.any(String),
      matchedAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      activeUntil: expect.any(String),
      retainUntil: expect.any(String),
      active: true,
    });
    expect(await matchEvents(h.id)).toEqual([]);

    // the other member of the household, with the postcode written differently
    const second = await signal(debtWorker, h, { postcode: '3512ab', dateOfBirth: PARENT_DOB, category: 'debt', severity: 'high', note: 'Huurachterstand van vier maanden.' });
    expect(second.status).toBe('matched');
    expect(second.householdId).toBeNull();
    expect(second.involvement).toEqual({
      organisations: expect.arrayContaining([
        { organisationId: f.partnerOrganisationId, name: 'Jeugdhulp Midden' },
        { organisationId: debt.id, name: 'Schuldhulp Stad' },
      ]),
      coordinator: { professionalId: f.coordinator.id, name: 'Carla Coordinator', organisationId: f.ownOrganisationId, organisationName: 'Wijkteam Centrum' },
      intakeTeam: null,
    });
    expect(second.involvement!.organisations).toHaveLength(2);

    const events = await matchEvents(h.id);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.actor_id).toBeNull();
    expect(event!.aggregate_id).toBe(second.id);
    expect(Object.keys(event!.payload).sort()).toEqual(['coordinatorId', 'householdId', 'matchId', 'organisationIds', 'signalIds', 'signallerIds']);
    expect(event!.payload).toMatchObject({ householdId: h.id, coordinatorId: f.coordinator.id, matchId: expect.any(String) });
    expect(sorted(event!.payload.signalIds)).toEqual(sorted([first.body.id, second.id]));
    expect(sorted(event!.payload.organisationIds)).toEqual(sorted([f.partnerOrganisationId, debt.id]));
    expect(sorted(event!.payload.signallerIds)).toEqual(sorted([f.partner.id, debtWorker.id]));
    expectNoneOf(event!.payload, ['3512', String(h.houseNumber), CHILD_DOB, PARENT_DOB, 'Jansen', 'Samira', 'Noah', 'verzuimt', 'Huurachterstand', 'debt', 'school_absence']);
    expect(await matchRows(h.id)).toBe(1);

    const received = await eventsOfSignal(second.id);
    expect(received.map((e) => e.type)).toEqual(['signal.received', 'signal.matched']);
    expect(received[0]!.payload).toEqual({ signalId: second.id, organisationId: debt.id });
    expect(received[0]!.household_id).toBe(h.id);
  });

  it('shows the signalling professionals who is involved — not what — and still no household', async () => {
    const h = await household({ coordinator: f.coordinator });
    const mine = await signal(f.partner, h);
    const theirs = await signal(debtWorker, h, { dateOfBirth: PARENT_DOB, category: 'debt', note: 'Huurachterstand van vier maanden.' });

    for (const colleague of [f.partner, f.secondPartner]) {
      const res = await getSignal(colleague, mine.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: mine.id, status: 'matched', householdId: null, subject: null, note: NOTE, matchedAt: expect.any(String) });
      expect(res.body.involvement.coordinator).toEqual({ professionalId: f.coordinator.id, name: 'Carla Coordinator', organisationId: f.ownOrganisationId, organisationName: 'Wijkteam Centrum' });
      expect(sorted(res.body.involvement.organisations.map((o: { name: string }) => o.name))).toEqual(['Jeugdhulp Midden', 'Schuldhulp Stad']);
      for (const secret of ['Huurachterstand', 'debt', 'Samira', 'Jansen', h.id, theirs.id]) expect(res.text).not.toContain(secret);
    }

    // the other organisation's signal is not theirs to read, and the household stays closed to them
    expectProblem(await getSignal(f.partner, theirs.id), 404, 'SIGNAL_NOT_FOUND');
    expectProblem(await api().get(`/api/v1/households/${h.id}`).set(bearer(f.partner)), 404, 'HOUSEHOLD_NOT_FOUND');
    expectProblem(await api().get(`/api/v1/households/${h.id}`).set(bearer(debtWorker)), 404, 'HOUSEHOLD_NOT_FOUND');

    // the coordinator reads both in full
    const full = await getSignal(f.coordinator, theirs.id);
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ householdId: h.id, note: 'Huurachterstand van vier maanden.', category: 'debt', status: 'matched' });
  });

  it('shows the household once the organisation is on its care team on a legal basis', async () => {
    const h = await household({ coordinator: f.coordinator });
    const mine = await signal(f.partner, h);
    await signal(debtWorker, h, { dateOfBirth: PARENT_DOB });
    expect((await getSignal(f.partner, mine.id)).body.householdId).toBeNull();

    const link = await linkCareTeam(t, h.id, f.coordinator, { organisationId: f.partnerOrganisationId, role: 'jeugdhulp', basis: 'consent' });
    expect(link.status).toBe(201);

    expect((await getSignal(f.partner, mine.id)).body.householdId).toBe(h.id);
    expect((await getSignal(f.secondPartner, mine.id)).body.householdId).toBe(h.id);
    expect((await getSignal(debtWorker, (await signal(debtWorker, h, { dateOfBirth: PARENT_DOB })).id)).body.householdId).toBeNull();
  });

  it('names the intake team as recipient when the household has no coordinator', async () => {
    const h = await household();
    await signal(f.partner, h);
    const second = await signal(attendanceOfficer, h);
    expect(second.involvement).toEqual({
      organisations: expect.any(Array),
      coordinator: null,
      intakeTeam: { organisationId: f.ownOrganisationId, name: 'Wijkteam Centrum' },
    });
    const [event, ...more] = await matchEvents(h.id);
    expect(more).toEqual([]);
    expect(event!.payload.intakeOrganisationId).toBe(f.ownOrganisationId);
    expect(event!.payload).not.toHaveProperty('coordinatorId');
  });

  it('adds a third organisation to the match with an event for the newcomer only; a repeat signal adds nothing', async () => {
    const h = await household({ coordinator: f.coordinator });
    const a = await signal(f.partner, h);
    const b = await signal(debtWorker, h, { dateOfBirth: PARENT_DOB });
    const third = await signal(attendanceOfficer, h);
    expect(third.status).toBe('matched');
    expect(third.involvement!.organisations.map((o) => o.name)).toHaveLength(3);

    const events = await matchEvents(h.id);
    expect(events).toHaveLength(2);
    expect(events[1]!.payload).toEqual({
      matchId: events[0]!.payload.matchId,
      householdId: h.id,
      signalIds: [third.id],
      organisationIds: [school.id],
      signallerIds: [attendanceOfficer.id],
      coordinatorId: f.coordinator.id,
    });
    expect(sorted(events[0]!.payload.signalIds)).toEqual(sorted([a.id, b.id]));

    const repeat = await signal(f.secondPartner, h, { severity: 'high' });
    expect(repeat.status).toBe('matched');
    expect(await matchEvents(h.id)).toHaveLength(2);
    expect(await matchRows(h.id)).toBe(1);
    expect((await getSignal(f.partner, a.id)).body.involvement.organisations).toHaveLength(3);
  });
});

describe('signals that make no match', () => {
  it('one organisation signalling twice is no match; the signal is linked for the intake team only', async () => {
    const h = await household({ coordinator: f.coordinator });
    const first = await signal(f.partner, h);
    const second = await signal(f.secondPartner, h, { dateOfBirth: PARENT_DOB });
    expect([first.status, second.status]).toEqual(['unmatched', 'unmatched']);
    expect(await matchEvents(h.id)).toEqual([]);
    expect(await matchRows(h.id)).toBe(0);

    expect((await getSignal(f.partner, second.id)).body).toMatchObject({ householdId: null, involvement: null, status: 'unmatched' });
    const intake = await getSignal(f.secondCoordinator, second.id);
    expect(intake.body).toMatchObject({ householdId: h.id, involvement: null, subject: null, status: 'unmatched' });
  });

  it('a wrong date of birth or another house number stays unmatched and waits in the intake list with the address for the intake team', async () => {
    const h = await household({ coordinator: f.coordinator });
    const wrongDate = await signal(f.partner, h, { dateOfBirth: '2014-09-03', note: 'Verkeerde datum' });
    const otherHouse = await signal(debtWorker, { houseNumber: h.houseNumber + 5000 }, { dateOfBirth: CHILD_DOB, note: 'Ander huisnummer' });
    for (const s of [wrongDate, otherHouse]) expect(s).toMatchObject({ status: 'unmatched', householdId: null, subject: null });
    expect(await matchEvents(h.id)).toEqual([]);

    for (const intake of [f.secondCoordinator, f.supervisor]) {
      const list = await api().get('/api/v1/signals?status=unmatched&limit=100').set(bearer(intake));
      expect(list.status).toBe(200);
      const byId = new Map((list.body.items as SignalBody[]).map((s) => [s.id, s]));
      expect(byId.get(wrongDate.id)).toMatchObject({ householdId: null, subject: { postcode: '3512AB', houseNumber: h.houseNumber, dateOfBirth: '2014-09-03' } });
      expect(byId.get(otherHouse.id)).toMatchObject({ householdId: null, subject: { postcode: '3512AB', houseNumber: h.houseNumber + 5000, dateOfBirth: CHILD_DOB } });
      expect((list.body.items as SignalBody[]).every((s) => s.status === 'unmatched')).toBe(true);
    }

    // stored encrypted: no clear address or date in the row
    const [row] = await db().query<Array<Record<string, unknown>>>('SELECT * FROM signal WHERE id = $1', [wrongDate.id]);
    expectNoneOf(JSON.stringify(row), ['3512', '2014-09-03']);
    expect(row!.subject_ciphertext).toEqual(expect.any(String));

    // linked signals keep no address at all
    const linked = await signal(f.partner, h);
    const [linkedRow] = await db().query<Array<Record<string, unknown>>>('SELECT household_id, subject_ciphertext FROM signal WHERE id = $1', [linked.id]);
    expect(linkedRow).toEqual({ household_id: h.id, subject_ciphertext: null });
  });

  it('two organisations signalling about an unknown person make no match (there is no household)', async () => {
    const unknown = { houseNumber: nextHouseNumber++ };
    const a = await signal(f.partner, unknown);
    const b = await signal(debtWorker, unknown);
    expect([a.status, b.status]).toEqual(['unmatched', 'unmatched']);
  });

  it('a closed household is not matched', async () => {
    const h = await household({ coordinator: f.coordinator });
    const close = await api().post(`/api/v1/households/${h.id}/close`).set(bearer(f.supervisor)).send({ reason: 'Doelen bereikt' });
    expect(close.status).toBe(200);
    await signal(f.partner, h);
    const second = await signal(debtWorker, h);
    expect(second.status).toBe('unmatched');
    expect((await getSignal(f.supervisor, second.id)).body).toMatchObject({ householdId: null, subject: expect.objectContaining({ houseNumber: h.houseNumber }) });
  });

  it('an expired signal (active two years) no longer matches; one a minute before its end still does', async () => {
    const clock = t.app.get(Clock);
    try {
      const early = await household();
      const s1 = await signal(f.partner, early);
      const created = Date.parse(s1.createdAt as string);
      const activeUntil = Date.parse(s1.activeUntil as string);
      expect(new Date(activeUntil).toISOString().slice(4)).toBe(new Date(created).toISOString().slice(4));
      expect(new Date(activeUntil).getUTCFullYear() - new Date(created).getUTCFullYear()).toBe(2);
      expect(new Date(Date.parse(s1.retainUntil as string)).getUTCFullYear() - new Date(created).getUTCFullYear()).toBe(5);

      clock.advance(activeUntil - created - 60_000);
      expect((await signal(debtWorker, early)).status).toBe('matched');
      clock.reset();

      const late = await household();
      const s2 = await signal(f.partner, late);
      clock.advance(Date.parse(s2.activeUntil as string) - Date.parse(s2.createdAt as string));
      const after = await signal(debtWorker, late);
      expect(after.status).toBe('unmatched');
      expect((await getSignal(f.partner, s2.id)).body.active).toBe(false);
      expect(await matchEvents(late.id)).toEqual([]);
    } finally {
      clock.reset();
    }
  });
});

describe('BSN', () => {
  it('matches by BSN when both sides have one, even with another date of birth, and never returns it', async () => {
    const h = await household({ coordinator: f.coordinator, childBsn: NOAH_BSN });
    const byBsn = await signal(f.partner, h, { dateOfBirth: '2014-09-20', bsn: NOAH_BSN });
    expect(byBsn.hasBsn).toBe(true);
    const second = await signal(debtWorker, h, { dateOfBirth: PARENT_DOB });
    expect(second.status).toBe('matched');
    const res = await getSignal(f.coordinator, byBsn.id);
    expect(res.body).toMatchObject({ householdId: h.id, status: 'matched', hasBsn: true });
    expect(res.text).not.toContain(NOAH_BSN);

    const [row] = await db().query<Array<Record<string, unknown>>>('SELECT bsn_ciphertext, bsn_key_id, bsn_hash FROM signal WHERE id = $1', [byBsn.id]);
    expect(row!.bsn_ciphertext).not.toContain(NOAH_BSN);
    expect(row!.bsn_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(NOAH_BSN);
  });

  it('a different BSN is no match even with the right date of birth', async () => {
    const h = await household({ coordinator: f.coordinator, childBsn: NOAH_BSN });
    const s = await signal(f.partner, h, { bsn: OTHER_BSN });
    expect((await getSignal(f.coordinator, s.id)).body).toMatchObject({ householdId: null, status: 'unmatched' });
  });

  it('a BSN on only one side falls back to the date of birth', async () => {
    const h = await household({ coordinator: f.coordinator });
    const s = await signal(f.partner, h, { bsn: OTHER_BSN });
    expect((await getSignal(f.coordinator, s.id)).body.householdId).toBe(h.id);
  });
});

describe('concurrent signals', () => {
  it('10 signals at once from two organisations about one household record one match and one event', async () => {
    const h = await household({ coordinator: f.coordinator });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api()
          .post('/api/v1/signals')
          .set(bearer(i % 2 === 0 ? f.partner : debtWorker))
          .send(signalBody(h, { note: `Zorg nummer ${i}` })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(await matchRows(h.id)).toBe(1);
    const events = await matchEvents(h.id);
    expect(events).toHaveLength(1);
    const rows = await db().query<Array<{ matched: boolean }>>('SELECT matched_at IS NOT NULL AS matched FROM signal WHERE household_id = $1', [h.id]);
    expect(rows.map((r) => r.matched)).toEqual(Array(10).fill(true));
    const [orgs] = await db().query<Array<{ n: number }>>(
      'SELECT count(*)::int AS n FROM signal_match_organisation mo JOIN signal_match m ON m.id = mo.match_id WHERE m.household_id = $1',
      [h.id],
    );
    expect(orgs!.n).toBe(2);
  });
});

describe('acknowledging a signal', () => {
  it("is for the household's coordinator (once) or a supervisor; others are refused", async () => {
    const h = await household({ coordinator: f.coordinator });
    const a = await signal(f.partner, h);
    const b = await signal(debtWorker, h, { dateOfBirth: PARENT_DOB });

    expectProblem(await api().post(`/api/v1/signals/${a.id}/acknowledge`).set(bearer(f.partner)), 403, 'ROLE_REQUIRED');
    expectProblem(await api().post(`/api/v1/signals/${a.id}/acknowledge`).set(bearer(f.secondCoordinator)), 403, 'NOT_ALLOWED_TO_ACKNOWLEDGE');
    expectProblem(await api().post(`/api/v1/signals/${a.id}/acknowledge`).set(bearer(partnerCoordinator)), 403, 'NOT_ALLOWED_TO_ACKNOWLEDGE');
    expectProblem(await api().post(`/api/v1/signals/${b.id}/acknowledge`).set(bearer(partnerCoordinator)), 404, 'SIGNAL_NOT_FOUND');

    const ack = await api().post(`/api/v1/signals/${a.id}/acknowledge`).set(bearer(f.coordinator));
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedAt: expect.any(String), acknowledgedBy: { professionalId: f.coordinator.id, name: 'Carla Coordinator' } });
    expectProblem(await api().post(`/api/v1/signals/${a.id}/acknowledge`).set(bearer(f.coordinator)), 409, 'SIGNAL_ALREADY_ACKNOWLEDGED');

    // the signaller sees it was acknowledged, not by whom
    expect((await getSignal(f.partner, a.id)).body).toMatchObject({ status: 'acknowledged', acknowledgedBy: null, acknowledgedAt: expect.any(String) });

    const bySupervisor = await api().post(`/api/v1/signals/${b.id}/acknowledge`).set(bearer(f.supervisor));
    expect(bySupervisor.status).toBe(200);

    const events = await eventsOfSignal(a.id);
    expect(events.find((e) => e.type === 'signal.acknowledged')).toEqual({
      type: 'signal.acknowledged',
      aggregate_id: a.id,
      household_id: h.id,
      actor_id: f.coordinator.id,
      payload: { signalId: a.id, organisationId: f.partnerOrganisationId },
    });
  });

  it('without a coordinator it is for a coordinator of the intake team', async () => {
    const unknown = { houseNumber: nextHouseNumber++ };
    const s = await signal(f.partner, unknown);
    expectProblem(await api().post(`/api/v1/signals/${s.id}/acknowledge`).set(bearer(partnerCoordinator)), 403, 'NOT_ALLOWED_TO_ACKNOWLEDGE');
    const res = await api().post(`/api/v1/signals/${s.id}/acknowledge`).set(bearer(f.secondCoordinator));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('acknowledged');

    const h = await household();
    await signal(f.partner, h);
    const matched = await signal(debtWorker, h);
    expect((await api().post(`/api/v1/signals/${matched.id}/acknowledge`).set(bearer(f.secondCoordinator))).status).toBe(200);

    const acknowledged = await api().get('/api/v1/signals?status=acknowledged&limit=100').set(bearer(f.supervisor));
    expect((acknowledged.body.items as SignalBody[]).map((x) => x.id)).toEqual(expect.arrayContaining([s.id, matched.id]));
    const unmatched = await api().get('/api/v1/signals?status=unmatched&limit=100').set(bearer(f.supervisor));
    expect((unmatched.body.items as SignalBody[]).map((x) => x.id)).not.toContain(s.id);
  });

  it('unknown or malformed ids are 404 and 400', async () => {
    expectProblem(await api().post('/api/v1/signals/00000000-0000-4000-8000-000000000000/acknowledge').set(bearer(f.supervisor)), 404, 'SIGNAL_NOT_FOUND');
    const bad = expectProblem(await api().post('/api/v1/signals/nope/acknowledge').set(bearer(f.supervisor)), 400);
    expect(problemFields(bad)).toEqual(['signalId']);
  });
});

describe('the signal lists', () => {
  it('shows professionals only their own organisation’s signals; the intake team and supervisors all of them', async () => {
    const h = await household();
    const mine = await signal(f.partner, h);
    const colleagues = await signal(f.secondPartner, { houseNumber: nextHouseNumber++ });
    const theirs = await signal(debtWorker, { houseNumber: nextHouseNumber++ });

    const partnerList = await api().get('/api/v1/signals?limit=100').set(bearer(f.partner));
    const partnerIds = (partnerList.body.items as SignalBody[]).map((s) => s.id);
    expect(partnerIds).toEqual(expect.arrayContaining([mine.id, colleagues.id]));
    expect(partnerIds).not.toContain(theirs.id);
    expect((partnerList.body.items as Array<{ organisation: { organisationId: string } }>).every((s) => s.organisation.organisationId === f.partnerOrganisationId)).toBe(true);

    for (const intake of [f.coordinator, f.supervisor]) {
      const ids = ((await api().get('/api/v1/signals?limit=100').set(bearer(intake))).body.items as SignalBody[]).map((s) => s.id);
      expect(ids).toEqual(expect.arrayContaining([mine.id, colleagues.id, theirs.id]));
    }
    expectProblem(await api().get('/api/v1/signals').set(bearer(f.admin)), 403, 'ROLE_REQUIRED');
  });

  it("shows a coordinator outside the intake team the signals of the households they coordinate", async () => {
    const h = await household({ coordinator: partnerCoordinator });
    const s = await signal(debtWorker, h, { category: 'housing' });
    const list = await api().get('/api/v1/signals?limit=100').set(bearer(partnerCoordinator));
    const found = (list.body.items as SignalBody[]).find((x) => x.id === s.id);
    expect(found).toMatchObject({ householdId: h.id, category: 'housing' });
    expect((await getSignal(partnerCoordinator, s.id)).status).toBe(200);
  });

  it('pages newest first with a cursor and filters by category', async () => {
    const created: string[] = [];
    for (let i = 0; i < 3; i++) created.push((await signal(attendanceOfficer, { houseNumber: nextHouseNumber++ }, { category: 'nuisance' })).id);
    const page1 = await api().get('/api/v1/signals?limit=2&category=nuisance').set(bearer(attendanceOfficer));
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((s: SignalBody) => s.id)).toEqual([created[2], created[1]]);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await api().get(`/api/v1/signals?limit=2&category=nuisance&cursor=${page1.body.nextCursor}`).set(bearer(attendanceOfficer));
    expect(page2.body).toEqual({ items: [expect.objectContaining({ id: created[0] })], nextCursor: null });

    const wrong = expectProblem(await api().get('/api/v1/signals?cursor=abc').set(bearer(attendanceOfficer)), 400, 'INVALID_CURSOR');
    expect(problemFields(wrong)).toEqual(['cursor']);
    const bad = expectProblem(await api().get('/api/v1/signals?status=open&category=gossip').set(bearer(attendanceOfficer)), 400);
    expect(problemFields(bad).sort()).toEqual(['category', 'status']);
  });
});

describe('validation', () => {
  it('names every missing field', async () => {
    const res = expectProblem(await api().post('/api/v1/signals').set(bearer(f.partner)).send({}), 400, 'VALIDATION_FAILED');
    expect(problemFields(res).sort()).toEqual(['category', 'dateOfBirth', 'houseNumber', 'note', 'postcode', 'severity']);
  });

  it('names every wrong field, and refuses fields that are not part of a signal', async () => {
    const res = expectProblem(
      await api()
        .post('/api/v1/signals')
        .set(bearer(f.partner))
        .send({
          postcode: '0123 AB',
          houseNumber: 0,
          dateOfBirth: '2014-02-30',
          bsn: '123456789',
          category: 'gossip',
          severity: 'extreme',
          note: 'x'.repeat(501),
          householdId: '00000000-0000-4000-8000-000000000000',
        }),
      400,
    );
    expect(problemFields(res).sort()).toEqual(['bsn', 'category', 'dateOfBirth', 'houseNumber', 'householdId', 'note', 'postcode', 'severity']);
    const blank = expectProblem(await api().post('/api/v1/signals').set(bearer(f.partner)).send(signalBody({ houseNumber: 1 }, { note: '   ' })), 400);
    expect(problemFields(blank)).toEqual(['note']);
    const future = expectProblem(await api().post('/api/v1/signals').set(bearer(f.partner)).send(signalBody({ houseNumber: 1 }, { dateOfBirth: '2999-01-01' })), 422, 'VALUE_NOT_ALLOWED');
    expect(problemFields(future)).toEqual(['dateOfBirth']);
  });

  it('accepts a note of exactly 500 characters and refuses admins', async () => {
    const res = await api().post('/api/v1/signals').set(bearer(f.partner)).send(signalBody({ houseNumber: nextHouseNumber++ }, { note: 'x'.repeat(500) }));
    expect(res.status).toBe(201);
    expectProblem(await api().post('/api/v1/signals').set(bearer(f.admin)).send(signalBody({ houseNumber: 1 })), 403, 'ROLE_REQUIRED');
  });
});

describe('tenant isolation', () => {
  it("never matches another municipality's household, nor shows its signals", async () => {
    const h = await household({ coordinator: f.coordinator });
    await signal(f.partner, h);
    const elsewhere = await signal(other.partner, h);
    const elsewhere2 = await signal(other.coordinator, h);
    expect([elsewhere.status, elsewhere2.status]).toEqual(['unmatched', 'unmatched']);
    expect(await matchEvents(h.id)).toEqual([]);

    const ours = await signal(debtWorker, h, { dateOfBirth: PARENT_DOB });
    expect(ours.status).toBe('matched');
    expect(ours.involvement!.organisations.map((o) => o.organisationId).sort()).toEqual([f.partnerOrganisationId, debt.id].sort());

    expectProblem(await getSignal(other.supervisor, ours.id), 404, 'SIGNAL_NOT_FOUND');
    expectProblem(await api().post(`/api/v1/signals/${ours.id}/acknowledge`).set(bearer(other.supervisor)), 404, 'SIGNAL_NOT_FOUND');
    const list = await api().get('/api/v1/signals?limit=100').set(bearer(other.supervisor));
    const ids = (list.body.items as SignalBody[]).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining([elsewhere.id, elsewhere2.id]));
    expect(ids).not.toContain(ours.id);
    expectProblem(await getSignal(f.supervisor, elsewhere.id), 404, 'SIGNAL_NOT_FOUND');
  });
});

describe('the API description', () => {
  it('documents the signal routes with their problem responses and schemas', async () => {
    const doc = (await api().get('/docs-json')).body as {
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, unknown> }>; security: unknown[] }>>;
      components: { schemas: Record<string, unknown> };
    };
    const routes: Array<[string, string, string, number[]]> = [
      ['post', '/api/v1/signals', 'createSignal', [400, 401, 403]],
      ['get', '/api/v1/signals', 'listSignals', [400, 401, 403]],
      ['get', '/api/v1/signals/{signalId}', 'getSignal', [400, 401, 403, 404]],
      ['post', '/api/v1/signals/{signalId}/acknowledge', 'acknowledgeSignal', [400, 401, 403, 404, 409]],
    ];
    for (const [method, path, operationId, statuses] of routes) {
      const operation = doc.paths[path.replace(/^\/api\/v1/, '')]?.[method];
      expect(operation?.operationId).toBe(operationId);
      for (const status of statuses) expect(operation!.responses[String(status)]?.content).toHaveProperty(['application/problem+json']);
      expect(operation!.security[0]).toEqual({ bearer: [] });
    }
    for (const schema of ['SignalDto', 'CreateSignalDto', 'SignalInvolvementDto', 'SignalSubjectDto']) expect(doc.components.schemas).toHaveProperty([schema]);
  });
});
