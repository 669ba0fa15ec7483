import request from 'supertest';
import {
  bearer,
  createTenantFixture,
  expectProblem,
  LOCAL_WEBHOOK_RECEIVERS,
  problemFields,
  startTestApp,
  systemDb,
  uniqueSuffix,
  type TenantFixture,
  type TestApp,
  type UserFixture,
} from './harness/index.js';
import { caseApi } from './support/case.js';
import { createSignalParties } from './support/signal-parties.js';
import { expectNoneOf } from './support/no-personal-data.js';
import { waitFor } from './support/wait.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

/**
 * Signals that arrive before their household (issue 14 item 2): registering or changing a household re-matches
 * the signals waiting at its address, and two or more organisations about one unregistered family make an intake
 * item for the intake team — each organisation learning only that another one also signalled.
 */
let t: TestApp;
let f: TenantFixture;
let other: TenantFixture;
let c: ReturnType<typeof caseApi>;
let debt: { id: string; name: string };
let debtWorker: UserFixture;
let school: { id: string; name: string };
let attendanceOfficer: UserFixture;
/** A coordinator outside the intake team. */
let partnerCoordinator: UserFixture;

beforeAll(async () => {
  t = await startTestApp({ ...LOCAL_WEBHOOK_RECEIVERS, PROCESS_ROLE: 'all', QUEUE_PREFIX: `sbr${uniqueSuffix()}`, RELAY_POLL_MS: '200' });
  f = await createTenantFixture(t.app);
  other = await createTenantFixture(t.app, 'Andere gemeente');
  c = caseApi(t);
  ({ debt, debtWorker, school, attendanceOfficer, partnerCoordinator } = await createSignalParties(t.app, f));
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);

const PARENT_DOB = '1988-03-14';
const CHILD_DOB = '2014-09-02';
const CHILD_BSN = '111222333';

/**
 * Every test at its own address, so they never see each other's signals. High numbers: the leak checks
 * look for the house number in webhook bodies, whose event ids count up through the suite.
 */
let nextHouseNumber = 97_300;
const newAddress = () => ({ houseNumber: nextHouseNumber++ });

interface SignalBody {
  id: string;
  status: string;
  householdId: string | null;
  involvement: null | { organisations: Array<{ organisationId: string; name: string }>; coordinator: unknown; intakeTeam: unknown };
  subject: unknown;
  intake: null | { intakeItemId: string | null; status: string; intakeTeam: unknown };
}

async function signal(as: UserFixture, at: { houseNumber: number }, overrides: Record<string, unknown> = {}): Promise<SignalBody> {
  const res = await api()
    .post('/api/v1/signals')
    .set(bearer(as))
    .send({ postcode: '3512 AB', houseNumber: at.houseNumber, dateOfBirth: CHILD_DOB, category: 'school_absence', severity: 'medium', note: 'Zoon verzuimt al weken.', ...overrides });
  if (res.status !== 201) throw new Error(`signal: ${res.status} ${res.text}`);
  return res.body as SignalBody;
}

const getSignal = async (as: UserFixture, id: string) => (await api().get(`/api/v1/signals/${id}`).set(bearer(as))).body as SignalBody;

function register(as: UserFixture, at: { houseNumber: number }, members?: unknown[]): Promise<string> {
  return c.registerHousehold(as, {
    houseNumber: at.houseNumber,
    ...(members && { members }),
  });
}

interface IntakeItem {
  id: string;
  status: string;
  outcome: string | null;
  householdId: string | null;
  closedBy: null | { professionalId: string; name: string };
  address: null | { postcode: string; houseNumber: number };
  organisations: Array<{ organisationId: string; name: string; firstSignalledAt: string; lastSignalledAt: string; signalCount: number }>;
  signals: Array<{ signalId: string; organisation: { organisationId: string }; dateOfBirth: string | null; householdId: string | null }>;
}

async function intakeItems(as: UserFixture, query = ''): Promise<IntakeItem[]> {
  const res = await api().get(`/api/v1/signals/intake-items?limit=100${query}`).set(bearer(as));
  if (res.status !== 200) throw new Error(`intake items: ${res.status} ${res.text}`);
  return (res.body as { items: IntakeItem[] }).items;
}

async function itemOf(as: UserFixture, signalId: string): Promise<IntakeItem | undefined> {
  return (await intakeItems(as)).find((i) => i.signals.some((s) => s.signalId === signalId));
}

interface OutboxRow {
  type: string;
  aggregate_id: string;
  household_id: string | null;
  actor_id: string | null;
  payload: Record<string, unknown>;
}

const eventsOf = (type: string, column: 'aggregate_id' | 'household_id', id: string) =>
  db().query<OutboxRow[]>(`SELECT type, aggregate_id, household_id, actor_id, payload FROM outbox_event WHERE type = $1 AND ${column} = $2 ORDER BY id`, [type, id]);

const coSignalledFor = (signalIds: string[]) =>
  db().query<OutboxRow[]>(`SELECT type, aggregate_id, household_id, actor_id, payload FROM outbox_event WHERE type = 'signal.co_signalled' AND aggregate_id = ANY($1::uuid[]) ORDER BY id`, [signalIds]);

type Notification = { type: string; householdId: string | null; data: Record<string, unknown> };
async function notification(who: UserFixture, type: string, match: (n: Notification) => boolean = () => true): Promise<Notification> {
  return waitFor(`${type} for ${who.email}`, async () => {
    const res = await api().get('/api/v1/me/notifications?limit=100').set(bearer(who));
    return ((res.body as { items: Notification[] }).items ?? []).find((n) => n.type === type && match(n));
  });
}

const sorted = (values: unknown) => [...(values as string[])].sort();

describe('a household registered after its signals', () => {
  it('links the waiting signals, makes the match and tells the intake team and the signallers — as if the household had been there', async () => {
    const at = newAddress();
    const a = await signal(f.partner, at);
    const b = await signal(debtWorker, at, { dateOfBirth: PARENT_DOB, category: 'debt', note: 'Huurachterstand.' });
    expect([a.status, b.status]).toEqual(['unmatched', 'unmatched']);
    const item = await itemOf(f.secondCoordinator, a.id);
    expect(item).toMatchObject({ status: 'open', address: { postcode: '3512AB', houseNumber: at.houseNumber } });

    const householdId = await register(f.coordinator, at);

    for (const [who, id] of [[f.partner, a.id], [debtWorker, b.id]] as const) {
      const seen = await getSignal(who, id);
      expect(seen).toMatchObject({ status: 'matched', householdId: null, subject: null });
      expect(sorted(seen.involvement!.organisations.map((o) => o.organisationId))).toEqual(sorted([f.partnerOrganisationId, debt.id]));
      expect(seen.involvement!.intakeTeam).toEqual({ organisationId: f.ownOrganisationId, name: 'Wijkteam Centrum' });
    }
    const full = await getSignal(f.secondCoordinator, a.id);
    expect(full).toMatchObject({ householdId, status: 'matched', subject: null });

    // one match, announced once, ids only, as at signal time
    const matched = await eventsOf('signal.matched', 'household_id', householdId);
    expect(matched).toHaveLength(1);
    expect(matched[0]!.actor_id).toBeNull();
    expect(matched[0]!.payload).toMatchObject({ householdId, intakeOrganisationId: f.ownOrganisationId });
    expect(sorted(matched[0]!.payload.signalIds)).toEqual(sorted([a.id, b.id]));
    expect((await eventsOf('signal.linked', 'household_id', householdId)).map((e) => e.aggregate_id).sort()).toEqual(sorted([a.id, b.id]));

    // the sealed address and date of birth are gone from the linked signals: the household has them now
    const rows = await db().query<Array<{ subject_ciphertext: string | null; household_id: string }>>('SELECT subject_ciphertext, household_id FROM signal WHERE id = ANY($1::uuid[])', [[a.id, b.id]]);
    expect(rows).toEqual([
      { subject_ciphertext: null, household_id: householdId },
      { subject_ciphertext: null, household_id: householdId },
    ]);

    // the intake item resolved itself
    const resolved = (await intakeItems(f.supervisor, '&status=closed')).find((i) => i.id === item!.id);
    expect(resolved).toMatchObject({ status: 'closed', outcome: 'registered', householdId, closedBy: null, address: null });
    expect(resolved!.signals.map((s) => s.householdId)).toEqual([householdId, householdId]);

    // the intake coordinators hear of the household; the signallers of the match, without the household
    const forIntake = await notification(f.secondCoordinator, 'signal.matched', (n) => n.householdId === householdId);
    expect(forIntake.data).toMatchObject({ householdId });
    const forSignaller = await notification(debtWorker, 'signal.matched', (n) => (n.data.signalIds as string[]).includes(b.id));
    expect(forSignaller.householdId).toBeNull();
    expect(JSON.stringify(forSignaller)).not.toContain(householdId);
  });

  it("a member's BSN added later re-matches signals that carried that BSN and another date of birth", async () => {
    const at = newAddress();
    const householdId = await register(f.coordinator, at);
    await c.assignCoordinator(f.supervisor, householdId, f.coordinator);
    const child = ((await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).body as { members: Array<{ id: string; role: string }> }).members.find(
      (m) => m.role === 'child',
    )!;
    // the school knows the BSN and has another date of birth on file: no match while the household has no BSN
    const a = await signal(attendanceOfficer, at, { bsn: CHILD_BSN, dateOfBirth: '2014-10-02' });
    const b = await signal(f.partner, at, { bsn: CHILD_BSN, dateOfBirth: '2014-10-02' });
    expect([a.status, b.status]).toEqual(['unmatched', 'unmatched']);
    expect((await getSignal(f.coordinator, a.id)).householdId).toBeNull();

    // a change that does not touch identifying data re-matches nothing
    const renamed = await api().patch(`/api/v1/households/${householdId}/members/${child.id}`).set(bearer(f.coordinator)).send({ givenName: 'Noa' });
    expect(renamed.status).toBe(200);
    expect((await getSignal(f.coordinator, a.id)).status).toBe('unmatched');

    const res = await api().patch(`/api/v1/households/${householdId}/members/${child.id}`).set(bearer(f.coordinator)).send({ bsn: CHILD_BSN });
    expect(res.status).toBe(200);
    for (const id of [a.id, b.id]) expect(await getSignal(f.coordinator, id)).toMatchObject({ householdId, status: 'matched' });
    const [event, ...more] = await eventsOf('signal.matched', 'household_id', householdId);
    expect(more).toEqual([]);
    expect(event!.payload).toMatchObject({ coordinatorId: f.coordinator.id });
    expect(sorted(event!.payload.organisationIds)).toEqual(sorted([school.id, f.partnerOrganisationId]));
    await notification(f.coordinator, 'signal.matched', (n) => n.householdId === householdId);

    // the same change again links nothing new and announces nothing
    expect((await api().patch(`/api/v1/households/${householdId}/members/${child.id}`).set(bearer(f.coordinator)).send({ bsn: CHILD_BSN })).status).toBe(200);
    expect(await eventsOf('signal.matched', 'household_id', householdId)).toHaveLength(1);
  });

  it('a household that moves to the address of waiting signals, or adds the member they are about, takes them', async () => {
    const at = newAddress();
    const elsewhere = newAddress();
    const householdId = await register(f.coordinator, elsewhere, [{ givenName: 'Samira', familyName: 'Jansen', dateOfBirth: PARENT_DOB, role: 'parent' }]);
    await c.assignCoordinator(f.supervisor, householdId, f.coordinator);
    const aboutParent = await signal(f.partner, at, { dateOfBirth: PARENT_DOB });
    const aboutChild = await signal(debtWorker, at, { dateOfBirth: CHILD_DOB });

    const etag = (await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).headers.etag as string;
    const moved = await api().patch(`/api/v1/households/${householdId}`).set(bearer(f.coordinator)).set('If-Match', etag).send({ houseNumber: at.houseNumber });
    expect(moved.status).toBe(200);
    expect(await getSignal(f.coordinator, aboutParent.id)).toMatchObject({ householdId, status: 'unmatched' });
    expect((await getSignal(f.coordinator, aboutChild.id)).householdId).toBeNull();

    const added = await api().post(`/api/v1/households/${householdId}/members`).set(bearer(f.coordinator)).send({ givenName: 'Noah', familyName: 'Jansen', dateOfBirth: CHILD_DOB, role: 'child' });
    expect(added.status).toBe(201);
    expect(await getSignal(f.coordinator, aboutChild.id)).toMatchObject({ householdId, status: 'matched' });
    expect(await getSignal(f.coordinator, aboutParent.id)).toMatchObject({ householdId, status: 'matched' });
  });

  it('a waiting signal goes to the first household registered with its person; once two households there have that person, a new signal waits for the intake team', async () => {
    const shared = newAddress();
    const waiting = await signal(debtWorker, shared, { dateOfBirth: PARENT_DOB });
    const first = await register(f.coordinator, shared, [{ givenName: 'Els', familyName: 'Bakker', dateOfBirth: PARENT_DOB, role: 'parent' }]);
    expect((await getSignal(f.coordinator, waiting.id)).householdId).toBe(first);
    await register(f.coordinator, shared, [{ givenName: 'Ilse', familyName: 'Smit', dateOfBirth: PARENT_DOB, role: 'parent' }]);
    expect((await getSignal(f.coordinator, waiting.id)).householdId).toBe(first);
    const later = await signal(attendanceOfficer, shared, { dateOfBirth: PARENT_DOB });
    expect((await getSignal(f.coordinator, later.id)).householdId).toBeNull();
  });

  it('signals arriving while the household is registered are all linked, by one side or the other', async () => {
    for (let round = 0; round < 4; round++) {
      const at = newAddress();
      const [householdId, ...signals] = await Promise.all([
        register(f.coordinator, at),
        ...Array.from({ length: 8 }, (_, i) => signal(i % 2 === 0 ? f.partner : debtWorker, at, { note: `Zorg ${i}` })),
      ]);
      const rows = await db().query<Array<{ household_id: string | null }>>('SELECT household_id FROM signal WHERE id = ANY($1::uuid[])', [(signals as SignalBody[]).map((s) => s.id)]);
      expect(rows.map((r) => r.household_id)).toEqual(Array(8).fill(householdId));
      expect(await eventsOf('signal.matched', 'household_id', householdId as string)).toHaveLength(1);
    }
  });
});

describe('signals about an unregistered family from several organisations', () => {
  it('make one intake item; the third joins it; each organisation learns only that another one also signalled', async () => {
    const at = newAddress();
    const a = await signal(f.partner, at, { dateOfBirth: PARENT_DOB });
    expect(await itemOf(f.secondCoordinator, a.id)).toBeUndefined();
    const b = await signal(debtWorker, at, { dateOfBirth: CHILD_DOB, category: 'debt' });
    const c3 = await signal(attendanceOfficer, at);
    const again = await signal(f.secondPartner, at);

    const item = await itemOf(f.secondCoordinator, a.id);
    expect(item).toMatchObject({ status: 'open', outcome: null, householdId: null, address: { postcode: '3512AB', houseNumber: at.houseNumber } });
    expect(item!.organisations.map((o) => [o.name, o.signalCount])).toEqual([
      ['Jeugdhulp Midden', 2],
      ['Schuldhulp Stad', 1],
      ['Leerplicht Stad', 1],
    ]);
    expect(item!.signals.map((s) => s.signalId)).toEqual([a.id, b.id, c3.id, again.id]);
    expect(item!.signals.map((s) => s.dateOfBirth)).toEqual([PARENT_DOB, CHILD_DOB, CHILD_DOB, CHILD_DOB]);
    const [count] = await db().query<Array<{ n: number }>>("SELECT count(*)::int AS n FROM signal_intake_item i JOIN signal_intake_item_signal s ON s.intake_item_id = i.id WHERE s.signal_id = ANY($1::uuid[]) AND i.status = 'open'", [[a.id, b.id, c3.id, again.id]]);
    expect(count!.n).toBe(4);

    // events: opened once, joined once (for the new organisation, not for the repeat), co_signalled once per organisation
    expect(await eventsOf('signal.intake_item_opened', 'aggregate_id', item!.id)).toHaveLength(1);
    const joined = await eventsOf('signal.intake_item_joined', 'aggregate_id', item!.id);
    expect(joined.map((e) => e.payload)).toEqual([{ intakeItemId: item!.id, intakeOrganisationId: f.ownOrganisationId, organisationCount: 3, signalId: c3.id }]);
    const told = await coSignalledFor([a.id, b.id, c3.id, again.id]);
    expect(told.map((e) => e.payload.organisationId)).toEqual([f.partnerOrganisationId, debt.id, school.id]);
    for (const e of told) {
      expect(Object.keys(e.payload).sort()).toEqual(['intakeOrganisationId', 'organisationId', 'signalIds', 'signallerIds']);
      const others = [f.partnerOrganisationId, debt.id, school.id].filter((o) => o !== e.payload.organisationId);
      expectNoneOf(e, [...others, item!.id, '3512', String(at.houseNumber), CHILD_DOB, PARENT_DOB]);
    }

    // the intake team is told; each signaller hears that another organisation also signalled — not which
    const opened = await notification(f.secondCoordinator, 'signal.intake_item_opened', (n) => n.data.intakeItemId === item!.id);
    expect(opened.data).toMatchObject({ organisationCount: 2, signalCount: 2 });
    const forPartner = await notification(f.partner, 'signal.co_signalled', (n) => (n.data.signalIds as string[]).includes(a.id));
    expect(forPartner.data).toEqual({ signalIds: [a.id], organisationId: f.partnerOrganisationId, signallerIds: [f.partner.id], intakeOrganisationId: f.ownOrganisationId });
    const forSchool = await notification(attendanceOfficer, 'signal.co_signalled');
    for (const secret of [f.partnerOrganisationId, debt.id, item!.id, 'Jeugdhulp', 'Schuldhulp']) expect(JSON.stringify(forSchool)).not.toContain(secret);

    // the signal itself still shows no one else: there is no match without a household
    const own = await api().get(`/api/v1/signals/${a.id}`).set(bearer(f.partner));
    expect(own.body).toMatchObject({ status: 'unmatched', involvement: null, householdId: null, subject: null });
    // …but says that the intake team will be in touch
    expect(own.body.intake).toEqual({ intakeItemId: null, status: 'open', intakeTeam: { organisationId: f.ownOrganisationId, name: 'Wijkteam Centrum' } });
    for (const secret of ['Schuldhulp', 'Leerplicht', debt.id, school.id, item!.id]) expect(own.text).not.toContain(secret);
    expect((await getSignal(f.secondCoordinator, b.id)).intake).toMatchObject({ intakeItemId: item!.id, status: 'open' });
    expectProblem(await api().get(`/api/v1/signals/${b.id}`).set(bearer(f.partner)), 404, 'SIGNAL_NOT_FOUND');

    // intake items are the intake team's and the supervisors'
    expectProblem(await api().get('/api/v1/signals/intake-items').set(bearer(f.partner)), 403, 'ROLE_REQUIRED');
    expectProblem(await api().get('/api/v1/signals/intake-items').set(bearer(partnerCoordinator)), 403, 'INTAKE_TEAM_ONLY');
    expectProblem(await api().post(`/api/v1/signals/intake-items/${item!.id}/close`).set(bearer(partnerCoordinator)).send({ outcome: 'handled' }), 403, 'INTAKE_TEAM_ONLY');
    expect((await itemOf(f.supervisor, a.id))?.id).toBe(item!.id);
  });

  it("an organisation's webhook hears that another organisation also signalled — not which, and nothing of the intake item", async () => {
    const receiver = await startWebhookReceiver();
    const bodies = () => receiver.received.map((r) => r.body);
    let hookId: string | undefined;
    try {
      const hook = await api()
        .post(`/api/v1/organisations/${debt.id}/webhooks`)
        .set(bearer(f.admin))
        .send({ url: `${receiver.origin}/`, eventTypes: ['*'] });
      expect(hook.status).toBe(201);
      hookId = (hook.body as { id: string }).id;
      const at = newAddress();
      const theirs = await signal(f.partner, at);
      const mine = await signal(debtWorker, at, { dateOfBirth: PARENT_DOB });
      const item = (await itemOf(f.supervisor, mine.id))!;

      const told = await waitFor('co_signalled delivered', async () => bodies().find((b) => b.includes('signal.co_signalled') && b.includes(mine.id)));
      expect(told).toContain(debt.id);
      expectNoneOf(told, [f.partnerOrganisationId, theirs.id, item.id, 'intake_item', '3512', String(at.houseNumber), PARENT_DOB]);
      // registering the family later tells the organisation of the match, still without the household
      const householdId = await register(f.coordinator, at);
      const matched = await waitFor('signal.matched delivered', async () => bodies().find((b) => b.includes('signal.matched') && b.includes(mine.id)));
      expect(matched).not.toContain(householdId);
      for (const body of bodies()) expect(body).not.toContain(item.id);
    } finally {
      // the other tests' events are not this receiver's business
      if (hookId) await api().delete(`/api/v1/organisations/${debt.id}/webhooks/${hookId}`).set(bearer(f.admin));
      await receiver.close();
    }
  });

  it('reading intake items is audited for the intake coordinator who read them', async () => {
    const at = newAddress();
    await signal(f.partner, at);
    await signal(attendanceOfficer, at);
    await intakeItems(f.coordinator);
    const rows = await db().query<Array<{ action: string; purpose: string }>>(
      "SELECT action, purpose FROM audit_event WHERE tenant_id = $1 AND professional_id = $2 AND resource_type = 'signal_intake_item'",
      [f.tenantId, f.coordinator.id],
    );
    expect(rows).toContainEqual({ action: 'search', purpose: 'intake' });
  });

  it('signals of three organisations at once about one unregistered family make one item holding all of them', async () => {
    const at = newAddress();
    const who = [f.partner, debtWorker, attendanceOfficer];
    const made = await Promise.all(Array.from({ length: 9 }, (_, i) => signal(who[i % 3]!, at, { note: `Zorg ${i}` })));
    const items = await db().query<Array<{ id: string; status: string; n: number }>>(
      `SELECT i.id, i.status, count(*)::int AS n FROM signal_intake_item i JOIN signal_intake_item_signal s ON s.intake_item_id = i.id
        WHERE s.signal_id = ANY($1::uuid[]) GROUP BY i.id, i.status`,
      [made.map((s) => s.id)],
    );
    expect(items).toEqual([{ id: expect.any(String), status: 'open', n: 9 }]);
    expect(await eventsOf('signal.intake_item_opened', 'aggregate_id', items[0]!.id)).toHaveLength(1);
    expect((await coSignalledFor(made.map((s) => s.id))).map((e) => e.payload.organisationId).sort()).toEqual(sorted([f.partnerOrganisationId, debt.id, school.id]));
  });

  it("one organisation's signals, however many, make no intake item", async () => {
    const at = newAddress();
    const a = await signal(f.partner, at, { dateOfBirth: PARENT_DOB });
    const b = await signal(f.secondPartner, at, { dateOfBirth: CHILD_DOB });
    expect(await itemOf(f.secondCoordinator, a.id)).toBeUndefined();
    expect(await itemOf(f.secondCoordinator, b.id)).toBeUndefined();
    expect(await coSignalledFor([a.id, b.id])).toEqual([]);
    expect((await getSignal(f.partner, b.id)).intake).toBeNull();
  });

  it('the intake team closes an item with an outcome; once; and its signals do not open another', async () => {
    const at = newAddress();
    const a = await signal(f.partner, at);
    await signal(debtWorker, at, { dateOfBirth: PARENT_DOB });
    const item = (await itemOf(f.secondCoordinator, a.id))!;

    const bad = expectProblem(await api().post(`/api/v1/signals/intake-items/${item.id}/close`).set(bearer(f.secondCoordinator)).send({ outcome: 'registered', extra: 1 }), 400);
    expect(problemFields(bad).sort()).toEqual(['extra', 'outcome']);
    expectProblem(await api().post('/api/v1/signals/intake-items/00000000-0000-4000-8000-000000000000/close').set(bearer(f.secondCoordinator)).send({ outcome: 'handled' }), 404, 'INTAKE_ITEM_NOT_FOUND');
    expect(problemFields(expectProblem(await api().post('/api/v1/signals/intake-items/nope/close').set(bearer(f.secondCoordinator)).send({ outcome: 'handled' }), 400))).toEqual(['intakeItemId']);

    const closed = await api().post(`/api/v1/signals/intake-items/${item.id}/close`).set(bearer(f.secondCoordinator)).send({ outcome: 'not_same_family' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ id: item.id, status: 'closed', outcome: 'not_same_family', closedBy: { professionalId: f.secondCoordinator.id, name: 'Chris Coordinator' }, closedAt: expect.any(String) });
    expectProblem(await api().post(`/api/v1/signals/intake-items/${item.id}/close`).set(bearer(f.supervisor)).send({ outcome: 'handled' }), 409, 'INTAKE_ITEM_CLOSED');
    const [event] = await eventsOf('signal.intake_item_closed', 'aggregate_id', item.id);
    expect(event).toMatchObject({ actor_id: f.secondCoordinator.id, payload: { intakeItemId: item.id, outcome: 'not_same_family', intakeOrganisationId: f.ownOrganisationId } });
    await notification(f.coordinator, 'signal.intake_item_closed', (n) => n.data.intakeItemId === item.id);

    // a later signal of a third organisation alone opens nothing; a fourth with it opens a new item of the two
    const third = await signal(attendanceOfficer, at);
    expect(await itemOf(f.secondCoordinator, third.id)).toBeUndefined();
    const fourth = await signal(partnerCoordinator, at, { dateOfBirth: PARENT_DOB });
    const next = (await itemOf(f.secondCoordinator, fourth.id))!;
    expect(next.id).not.toBe(item.id);
    expect(next.signals.map((s) => s.signalId)).toEqual([third.id, fourth.id]);

    const open = await intakeItems(f.secondCoordinator, '&status=open');
    expect(open.map((i) => i.id)).toContain(next.id);
    expect(open.map((i) => i.id)).not.toContain(item.id);
    expect(open.every((i) => i.status === 'open')).toBe(true);
  });

  it('pages newest first with a cursor', async () => {
    const made: string[] = [];
    for (let i = 0; i < 2; i++) {
      const at = newAddress();
      const a = await signal(f.partner, at);
      await signal(debtWorker, at);
      made.push((await itemOf(f.supervisor, a.id))!.id);
    }
    const page1 = await api().get('/api/v1/signals/intake-items?limit=1').set(bearer(f.supervisor));
    expect(page1.body.items.map((i: IntakeItem) => i.id)).toEqual([made[1]]);
    const page2 = await api().get(`/api/v1/signals/intake-items?limit=1&cursor=${page1.body.nextCursor}`).set(bearer(f.supervisor));
    expect(page2.body.items.map((i: IntakeItem) => i.id)).toEqual([made[0]]);
    expect(problemFields(expectProblem(await api().get('/api/v1/signals/intake-items?status=lost').set(bearer(f.supervisor)), 400))).toEqual(['status']);
  });
});

describe('municipalities', () => {
  it("never meet: another municipality's signals neither make an item with ours nor are linked to our household", async () => {
    const at = newAddress();
    const ours = await signal(f.partner, at);
    const theirs = await signal(other.partner, at);
    const theirs2 = await signal(other.coordinator, at);
    expect(await itemOf(f.secondCoordinator, ours.id)).toBeUndefined();
    const theirItem = await itemOf(other.secondCoordinator, theirs.id);
    expect(theirItem!.signals.map((s) => s.signalId)).toEqual([theirs.id, theirs2.id]);
    expect((await intakeItems(f.supervisor)).map((i) => i.id)).not.toContain(theirItem!.id);
    expectProblem(await api().post(`/api/v1/signals/intake-items/${theirItem!.id}/close`).set(bearer(f.supervisor)).send({ outcome: 'handled' }), 404, 'INTAKE_ITEM_NOT_FOUND');

    const householdId = await register(f.coordinator, at);
    expect((await getSignal(f.coordinator, ours.id)).householdId).toBe(householdId);
    const [row] = await db().query<Array<{ household_id: string | null }>>('SELECT household_id FROM signal WHERE id = $1', [theirs.id]);
    expect(row!.household_id).toBeNull();
    expect((await itemOf(other.secondCoordinator, theirs.id))!.status).toBe('open');
  });
});

describe('the API description', () => {
  it('documents the intake-item routes', async () => {
    const doc = (await api().get('/docs-json')).body as {
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, unknown> }> }>>;
      components: { schemas: Record<string, { properties?: Record<string, { format?: string }> }> };
    };
    const routes: Array<[string, string, string, number[]]> = [
      ['get', '/signals/intake-items', 'listIntakeItems', [400, 401, 403]],
      ['post', '/signals/intake-items/{intakeItemId}/close', 'closeIntakeItem', [400, 401, 403, 404, 409]],
    ];
    for (const [method, path, operationId, statuses] of routes) {
      const operation = doc.paths[path]?.[method];
      expect(operation?.operationId).toBe(operationId);
      for (const status of statuses) expect(operation!.responses[String(status)]?.content).toHaveProperty(['application/problem+json']);
    }
    expect(doc.components.schemas.IntakeItemDto?.properties?.id?.format).toBe('uuid');
    expect(doc.components.schemas.CloseIntakeItemDto).toBeDefined();
  });
});
