import pg from 'pg';
import request from 'supertest';
import { FanOutService } from '../../src/delivery/fanout/fanout.service.js';
import { WebhookDispatcher } from '../../src/delivery/webhooks/webhook-dispatcher.js';
import { TransactionHost } from '../../src/database/transaction-host.js';
import {
  bearer,
  createOrganisation,
  createProfessional,
  createTenantFixture,
  ENGLISH,
  expectProblem,
  startTestApp,
  systemDb,
  type TenantFixture,
  type TestApp,
  type UserFixture,
} from './harness/index.js';
import { linkCareTeam } from './support/care-team.js';
import { caseApi } from './support/case.js';
import { dbRefusal } from './support/db-refusal.js';
import { dateIn } from './support/days.js';
import { expectNoneOf } from './support/no-personal-data.js';

let t: TestApp;
let f: TenantFixture;
let other: TenantFixture;
let c: ReturnType<typeof caseApi>;
/** Two privacy officers (functionarissen gegevensbescherming): one records, the other decides. */
let po1: UserFixture;
let po2: UserFixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  other = await createTenantFixture(t.app, 'Andere gemeente');
  c = caseApi(t);
  po1 = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, name: 'Fenna FG', roles: ['privacy_officer'] });
  po2 = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, name: 'Floris FG', roles: ['privacy_officer'] });
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);
const BSN = '111222333';

const record = (body: Record<string, unknown>, as = po1) => api().post('/api/v1/privacy/requests').set(bearer(as)).send({ reason: 'Verzoek van de burger', reference: 'Brief 28-11-2026', ...body });
const step = (id: string, action: string, as: UserFixture, body: Record<string, unknown> = {}) => api().post(`/api/v1/privacy/requests/${id}/${action}`).set(bearer(as)).send(body);

interface Household {
  householdId: string;
  members: Array<{ id: string; givenName: string }>;
}

/** A case with content in every category: members (one with a BSN), a plan goal, a contact, an assessment, an escalation. */
/** The tables with a row whose text holds `text`, read as the database's owner (every row of every municipality). */
async function tablesHolding(text: string): Promise<string[]> {
  const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
  try {
    const { rows: tables } = await owner.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
    const holding: string[] = [];
    for (const { name } of tables) {
      const { rows } = await owner.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM public.${pg.escapeIdentifier(name)} t WHERE t::text LIKE '%' || $1 || '%') AS found`, [text]);
      if (rows[0]!.found) holding.push(name);
    }
    return holding;
  } finally {
    await owner.end();
  }
}

async function fullCase(): Promise<Household> {
  const householdId = await c.registerHousehold(f.coordinator, {
    members: [
      { givenName: 'Samira', familyName: 'Vergeetmij', dateOfBirth: '1988-03-14', role: 'parent', bsn: BSN },
      { givenName: 'Noah', familyName: 'Vergeetmij', dateOfBirth: '2014-09-02', role: 'child' },
    ],
  });
  await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
  const plan = await api().post(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).send({ familyWishes: 'Rust in huis Vergeetmij' });
  expect(plan.status).toBe(201);
  const goal = await api()
    .post(`/api/v1/households/${householdId}/plan/goals`)
    .set(bearer(f.coordinator))
    .set('If-Match', plan.headers.etag as string)
    .send({ domainCode: 'finances', title: 'Schulden Vergeetmij op orde' });
  expect(goal.status).toBe(201);
  const household = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
  const members = household.body.members as Array<{ id: string; givenName: string }>;
  const samira = members.find((m) => m.givenName === 'Samira')!;
  expect((await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).send({ kind: 'home_visit', occurredAt: new Date(Date.now() - 60_000).toISOString(), note: 'Huisbezoek bij Vergeetmij', memberIds: [samira.id] })).status).toBe(201);
  expect((await api().post(`/api/v1/households/${householdId}/assessments`).set(bearer(f.coordinator)).send({ assessedOn: dateIn(0), memberId: samira.id, scores: [{ domainCode: 'finances', score: 2 }] })).status).toBe(201);
  expect((await api().post(`/api/v1/households/${householdId}/escalations`).set(bearer(f.coordinator)).send({ reason: 'Geen voortgang bij Vergeetmij' })).status).toBe(201);
  return { householdId, members };
}

describe('an erasure request (AVG art. 17)', () => {
  it('is recorded, previewed, approved by a second officer (not the first), executed once, and reported; the data is gone from the household and its timeline', async () => {
    const { householdId } = await fullCase();
    // a signal about the family from an organisation not involved, sent with an Idempotency-Key: its stored answer
    // names no household (the signaller may not know it) but holds the signal, note included (an outside probe found
    // it left behind, and replayable, after the erasure)
    const note = `Zorgen over gezin Vergeetmij ${householdId.slice(0, 8)}`;
    const storedAnswers = async () => (await db().query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM idempotency_record WHERE response_body::text LIKE '%' || $1 || '%'`, [note]))[0]!.n;
    const signal = () =>
      api()
        .post('/api/v1/signals')
        .set(bearer(f.partner))
        .set('Idempotency-Key', `signaal-${householdId}`)
        .send({ postcode: '3512 AB', houseNumber: 12, dateOfBirth: '1988-03-14', category: 'school_absence', severity: 'medium', note });
    const signalled = await signal();
    expect(signalled.status).toBe(201);
    expect(signalled.body.householdId).toBeNull();
    expect(await storedAnswers()).toBe(1);
    // free text in the corners an outside probe found left behind: a community resource's note, and an emergency
    // access's reason and review note; each names the family by a mark of this household only
    const mark = `Vergeetmij-${householdId.slice(0, 8)}`;
    const plan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
    const withResource = await api()
      .patch(`/api/v1/households/${householdId}/plan`)
      .set(bearer(f.coordinator))
      .set('If-Match', plan.headers.etag as string)
      .send({ communityResources: [{ name: `Buurthuis van ${mark}`, kind: `inloop bij ${mark}`, note: `Moeder ${mark} helpt daar op dinsdag` }] });
    expect(withResource.status).toBe(200);
    // a link's role and a resource's kind are free text too (an outside probe found both kept, stop 42)
    const coach = await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, role: `Gezinscoach van ${mark}`, basis: 'public_task' });
    expect(coach.status).toBe(201);
    const grant = await api().post(`/api/v1/households/${householdId}/emergency-access`).set(bearer(f.secondCoordinator)).send({ reason: `Crisismelding politie over gezin ${mark}, kind alleen thuis` });
    expect(grant.status).toBe(201);
    expect((await api().post(`/api/v1/privacy/emergency-accesses/${grant.body.id as string}/review`).set(bearer(po1)).send({ outcome: 'justified', note: `Terecht, ${mark} was in nood` })).status).toBe(200);
    expect((await api().post(`/api/v1/households/${householdId}/close`).set(bearer(f.coordinator)).send({ reason: `Afgerond, gezin ${mark} verhuisd` })).status).toBe(200);
    expect(await tablesHolding(mark)).toEqual(expect.arrayContaining(['care_team_link', 'emergency_access', 'household_episode', 'plan_community_resource']));

    // before: the timeline tells the case's story, names included
    expect(JSON.stringify((await api().get(`/api/v1/households/${householdId}/timeline`).set(bearer(f.supervisor))).body)).toContain('Vergeetmij');
    const districtBefore = (await api().get(`/api/v1/households/${householdId}`).set(bearer(f.supervisor))).body.district as string;
    const recorded = await record({ kind: 'erasure', householdId });
    expect(recorded.status).toBe(201);
    expect(recorded.headers.location).toBe(`/api/v1/privacy/requests/${recorded.body.id}`);
    expect(recorded.body).toMatchObject({ kind: 'erasure', status: 'recorded', householdId, memberId: null, requestedById: po1.id, reference: 'Brief 28-11-2026' });
    const id = recorded.body.id as string;

    const preview = await api().get(`/api/v1/privacy/requests/${id}/preview`).set(bearer(po1));
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ requestId: id, kind: 'erasure', caseOpen: false, legalHold: false });
    const byCategory = Object.fromEntries((preview.body.categories as Array<{ category: string; count: number; reason: { nl: string; en: string } }>).map((cat) => [cat.category, cat]));
    expect(byCategory.members).toMatchObject({ count: 2, disposition: 'pseudonymise' });
    expect(byCategory.bsn).toMatchObject({ count: 1, disposition: 'pseudonymise' });
    expect(byCategory.contacts).toMatchObject({ count: 1, disposition: 'erase' });
    expect(byCategory.assessments).toMatchObject({ count: 1, disposition: 'erase' });
    expect(byCategory.escalations).toMatchObject({ count: 1, disposition: 'erase' });
    expect(byCategory.outbox_events).toMatchObject({ disposition: 'erase' });
    expect(byCategory.audit_events).toMatchObject({ disposition: 'keep', keptBecause: 'audit_evidence' });
    expect(byCategory.audit_events!.count).toBeGreaterThan(0);
    expect(byCategory.audit_events!.reason.en).toContain('evidence');
    // the privacy officer sees counts and reasons, never the case's content
    expect(JSON.stringify(preview.body)).not.toContain('Vergeetmij');

    expectProblem(await step(id, 'execute', po1), 409, 'PRIVACY_REQUEST_INVALID_TRANSITION');
    expectProblem(await step(id, 'approve', po1), 409, 'PRIVACY_REQUEST_FOUR_EYES');
    expectProblem(await step(id, 'approve', f.coordinator), 403);
    const approved = await step(id, 'approve', po2, { reason: 'Gesloten dossier, geen bewaarplicht meer' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedById: po2.id, decisionReason: 'Gesloten dossier, geen bewaarplicht meer' });
    expectProblem(await step(id, 'reject', f.supervisor, { reason: 'Te laat' }), 409, 'PRIVACY_REQUEST_INVALID_TRANSITION');
    expectProblem(await api().get(`/api/v1/privacy/requests/${id}/report`).set(bearer(po1)), 409, 'PRIVACY_REQUEST_NO_REPORT');

    const executed = await step(id, 'execute', po1);
    expect(executed.status).toBe(200);
    expect(executed.body).toMatchObject({ status: 'executed', executedById: po1.id });
    expectProblem(await step(id, 'execute', po1), 409, 'PRIVACY_REQUEST_INVALID_TRANSITION');

    const report = await api().get(`/api/v1/privacy/requests/${id}/report`).set(bearer(po2));
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ requestId: id, householdId, requestedById: po1.id, approvedById: po2.id, executedById: po1.id });
    const reported = Object.fromEntries((report.body.categories as Array<{ category: string }>).map((cat) => [cat.category, cat]));
    expect(reported.members).toMatchObject({ disposition: 'pseudonymise', affected: 2 });
    expect(reported.bsn).toMatchObject({ affected: 1 });
    expect(reported.contacts).toMatchObject({ affected: 1 });
    expect(reported.assessments).toMatchObject({ affected: 1 });
    expect(reported.escalations).toMatchObject({ affected: 1 });
    expect(reported.audit_events).toMatchObject({ disposition: 'keep', affected: 0 });

    const household = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.supervisor));
    expect(household.status).toBe(200);
    expect(household.body.members).toEqual([]);
    // the district, the unit of the published figures, stays where the case was counted
    expect(household.body.district).toBe(districtBefore);
    const timeline = await api().get(`/api/v1/households/${householdId}/timeline`).set(bearer(f.supervisor));
    expect(timeline.status).toBe(200);
    for (const body of [household.body, timeline.body]) expectNoneOf(body, ['Vergeetmij', 'Samira', '3512']);
    const [left] = await db().query<Array<{ names: number; bsns: number; contacts: number; audit: number; revisions: number }>>(
      `SELECT (SELECT count(*) FROM member WHERE household_id = $1 AND (family_name = 'Vergeetmij' OR bsn_hash IS NOT NULL))::int AS names,
              (SELECT count(*) FROM member WHERE household_id = $1 AND bsn_ciphertext IS NOT NULL)::int AS bsns,
              (SELECT count(*) FROM contact WHERE household_id = $1)::int AS contacts,
              (SELECT count(*) FROM audit_event WHERE household_id = $1)::int AS audit,
              (SELECT count(*) FROM plan_revision r JOIN plan p ON p.id = r.plan_id WHERE p.household_id = $1 AND r.snapshot::text LIKE '%Vergeetmij%')::int AS revisions`,
      [householdId],
    );
    expect(left).toEqual({ names: 0, bsns: 0, contacts: 0, audit: expect.any(Number), revisions: 0 });
    expect(left!.audit).toBeGreaterThan(0);
    // no table holds the mark any more (the owner's view: every row, whatever its municipality)
    expect(await tablesHolding(mark)).toEqual([]);
    // the signal's stored answer went with the signal: nothing holds the note, and the key replays nothing
    expect(await storedAnswers()).toBe(0);
    expect(reported.idempotency_records).toMatchObject({ affected: 1 });
    expect((await signal()).headers['idempotent-replayed']).toBeUndefined();
  });

  it('of an open case keeps the case file (Jeugdwet/Wmo) and erases only notifications, deliveries and the like', async () => {
    const { householdId, members } = await fullCase();
    const samira = members.find((m) => m.givenName === 'Samira')!;
    const id = (await record({ kind: 'erasure', householdId, memberId: samira.id })).body.id as string;
    const preview = await api().get(`/api/v1/privacy/requests/${id}/preview`).set(bearer(f.supervisor));
    expect(preview.body.caseOpen).toBe(true);
    const byCategory = Object.fromEntries((preview.body.categories as Array<{ category: string }>).map((cat) => [cat.category, cat]));
    expect(byCategory.members).toMatchObject({ count: 1, disposition: 'keep', keptBecause: 'open_case_file' });
    expect(byCategory.assessments).toMatchObject({ count: 1, disposition: 'keep', keptBecause: 'open_case_file' });
    expect(byCategory.outbox_events).toMatchObject({ disposition: 'erase' });
    expect((await step(id, 'approve', f.supervisor)).status).toBe(200);
    expect((await step(id, 'execute', po2)).status).toBe(200);
    const member = (await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).body.members as Array<{ id: string; givenName: string }>;
    expect(member.find((m) => m.id === samira.id)?.givenName).toBe('Samira');
  });

  it('of one member of a closed case pseudonymises her and the words of consents given for her (an outside probe found a consent naming her kept)', async () => {
    const { householdId, members } = await fullCase();
    const samira = members.find((m) => m.givenName === 'Samira')!;
    const mark = `Behandeling-${householdId.slice(0, 8)}`;
    const consent = await api().post(`/api/v1/households/${householdId}/consents`).set(bearer(f.coordinator)).send({ organisationId: f.partnerOrganisationId, memberId: samira.id, purpose: `${mark} van moeder`, basis: 'consent' });
    expect(consent.status).toBe(201);
    const forHousehold = await api().post(`/api/v1/households/${householdId}/consents`).set(bearer(f.coordinator)).send({ organisationId: f.partnerOrganisationId, purpose: 'Gezinsbegeleiding', basis: 'consent' });
    expect(forHousehold.status).toBe(201);
    expect((await api().post(`/api/v1/households/${householdId}/close`).set(bearer(f.coordinator)).send({ reason: 'Afgerond' })).status).toBe(200);
    expect(await tablesHolding(mark)).toEqual(['consent']);
    const id = (await record({ kind: 'erasure', householdId, memberId: samira.id })).body.id as string;
    expect((await step(id, 'approve', po2)).status).toBe(200);
    expect((await step(id, 'execute', po1)).status).toBe(200);
    expect(await tablesHolding(mark)).toEqual([]);
    // the household's own consent is the household's, and stays
    const [kept] = await db().query<Array<{ purpose: string }>>('SELECT purpose FROM consent WHERE id = $1', [forHousehold.body.id]);
    expect(kept!.purpose).toBe('Gezinsbegeleiding');
  });

  it('refuses a subject of another municipality, and the four-eyes rule holds in the database too', async () => {
    const foreign = await caseApi(t).registerHousehold(other.coordinator);
    expectProblem(await record({ kind: 'erasure', householdId: foreign }), 422, 'PRIVACY_REQUEST_SUBJECT_NOT_FOUND');
    const { householdId } = await fullCase();
    const id = (await record({ kind: 'erasure', householdId })).body.id as string;
    expectProblem(await api().get(`/api/v1/privacy/requests/${id}`).set(bearer(other.supervisor)), 404, 'PRIVACY_REQUEST_NOT_FOUND');
    const selfApproved = await dbRefusal(db().query(`UPDATE privacy_request SET status = 'approved', decided_by_id = requested_by_id, decided_at = now() WHERE id = $1`, [id]));
    expect(selfApproved).toMatchObject({ code: '23514', constraint: 'ck_privacy_request_four_eyes' });
    const skipped = await dbRefusal(db().query(`UPDATE privacy_request SET status = 'executed', executed_by_id = requested_by_id, executed_at = now(), report = '{}' WHERE id = $1`, [id]));
    expect(skipped).toMatchObject({ code: '23514', constraint: 'ck_privacy_request_transition' });
    expect((await dbRefusal(db().query('DELETE FROM privacy_request WHERE id = $1', [id]))).code).toBe('42501');
    const listed = await api().get('/api/v1/privacy/requests?status=recorded&limit=100').set(bearer(po1));
    expect(listed.status).toBe(200);
    expect((listed.body.items as Array<{ id: string }>).map((r) => r.id)).toContain(id);
    const rejected = await step(id, 'reject', po2, { reason: 'Bewaarplicht Jeugdwet' });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: 'Bewaarplicht Jeugdwet' });
  });
});

describe('a restriction request (AVG art. 18)', () => {
  it('freezes the plan actions its member owns: 409 MEMBER_RESTRICTED, and the plan keeps its version, revisions and events', async () => {
    const { householdId, members } = await fullCase();
    const samira = members.find((m) => m.givenName === 'Samira')!;
    const plan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
    const action = await api()
      .post(`/api/v1/households/${householdId}/plan/goals/${plan.body.goals[0].id}/actions`)
      .set(bearer(f.coordinator))
      .set('If-Match', plan.headers.etag as string)
      .send({ description: 'Budgetcursus volgen', owner: { type: 'member', id: samira.id } });
    expect(action.status).toBe(201);
    const id = (await record({ kind: 'restriction', householdId, memberId: samira.id, reason: 'Betwist de juistheid van de gegevens' })).body.id as string;
    expect((await step(id, 'approve', po2)).status).toBe(200);
    expect((await step(id, 'execute', po1)).status).toBe(200);
    const written = async () =>
      (await db().query<Array<{ n: number }>>(
        `SELECT (SELECT count(*) FROM plan_revision r JOIN plan p ON p.id = r.plan_id WHERE p.household_id = $1)::int
              + (SELECT count(*) FROM outbox_event WHERE household_id = $1 AND type IN ('plan.updated', 'action.completed'))::int AS n`,
        [householdId],
      ))[0]!.n;
    const before = await written();

    const path = `/api/v1/households/${householdId}/plan/actions/${action.body.id}`;
    const refused = await api().patch(path).set(bearer(f.coordinator)).set('If-Match', action.headers.etag as string).send({ status: 'done' });
    expectProblem(refused, 409, 'MEMBER_RESTRICTED');
    // refused at the commit, after the route had named the version the change would have made: that ETag is not sent
    expect(refused.headers.etag).toBeUndefined();
    const after = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
    expect(after.headers.etag).toBe(action.headers.etag);
    expect(after.body.goals[0].actions[0]).toMatchObject({ id: action.body.id, status: 'open', completedAt: null });
    expect(await written()).toBe(before);
  });

  it('freezes the member (409 MEMBER_RESTRICTED, in the database too), keeps it readable, keeps it out of webhooks, and is lifted by the privacy officer', async () => {
    const { householdId, members } = await fullCase();
    const samira = members.find((m) => m.givenName === 'Samira')!;
    const noah = members.find((m) => m.givenName === 'Noah')!;
    expect((await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, role: 'jeugdhulp', basis: 'consent' })).status).toBe(201);
    const hook = await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(f.admin)).send({ url: 'https://hooks.example.org/eenplan', eventTypes: ['*'] });
    expect(hook.status).toBe(201);
    // a change announced before the restriction, delivered after it
    expect((await api().patch(`/api/v1/households/${householdId}/members/${samira.id}`).set(bearer(f.coordinator)).send({ role: 'other' })).status).toBe(200);
    const [before] = await db().query<Array<{ id: string }>>(`SELECT id::text AS id FROM outbox_event WHERE household_id = $1 AND type = 'member.updated'`, [householdId]);

    const id = (await record({ kind: 'restriction', householdId, memberId: samira.id, reason: 'Betwist de juistheid van de gegevens' })).body.id as string;
    expectProblem(await record({ kind: 'restriction', householdId, memberId: samira.id }), 409, 'PRIVACY_REQUEST_RESTRICTION_OPEN');
    const preview = await api().get(`/api/v1/privacy/requests/${id}/preview`).set(bearer(po2));
    expect((preview.body.categories as Array<{ disposition: string }>).every((cat) => cat.disposition === 'freeze')).toBe(true);
    expect((await step(id, 'approve', po2)).status).toBe(200);
    // approved is not yet in force
    expect((await api().patch(`/api/v1/households/${householdId}/members/${samira.id}`).set(bearer(f.coordinator)).send({ role: 'parent' })).status).toBe(200);
    const active = await step(id, 'execute', po1);
    expect(active.body).toMatchObject({ status: 'active', executedById: po1.id });
    // the coordinator is told (inbox), partners are not (an internal event)
    const [notice] = await db().query<Array<{ id: string; payload: Record<string, unknown> }>>(
      `SELECT id::text AS id, payload FROM outbox_event WHERE household_id = $1 AND type = 'privacy.restriction_changed'`,
      [householdId],
    );
    expect(notice!.payload).toEqual({ requestId: id, memberId: samira.id, change: 'active' });
    await t.app.get(TransactionHost).runAsSystem(() => t.app.get(FanOutService).fanOut(notice!.id));
    expect(await db().query('SELECT professional_id FROM notification WHERE event_id = $1', [notice!.id])).toEqual([{ professional_id: f.coordinator.id }]);
    expect(await db().query('SELECT id FROM webhook_delivery WHERE event_id = $1', [notice!.id])).toEqual([]);

    const refused = await api().patch(`/api/v1/households/${householdId}/members/${samira.id}`).set(bearer(f.coordinator)).set(ENGLISH).send({ givenName: 'Sam' });
    expectProblem(refused, 409, 'MEMBER_RESTRICTED');
    expect(refused.body.detail).toContain('restricted');
    expectProblem(await api().delete(`/api/v1/households/${householdId}/members/${samira.id}`).set(bearer(f.coordinator)), 409, 'MEMBER_RESTRICTED');
    expectProblem(
      await api().post(`/api/v1/households/${householdId}/assessments`).set(bearer(f.coordinator)).send({ assessedOn: dateIn(0), memberId: samira.id, scores: [{ domainCode: 'finances', score: 3 }] }),
      409,
      'MEMBER_RESTRICTED',
    );
    // the other member and the household stay workable
    expect((await api().patch(`/api/v1/households/${householdId}/members/${noah.id}`).set(bearer(f.coordinator)).send({ givenName: 'Noa' })).status).toBe(200);
    const read = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
    expect((read.body.members as Array<{ id: string; givenName: string }>).find((m) => m.id === samira.id)?.givenName).toBe('Samira');
    const inDb = await dbRefusal(db().query(`UPDATE member SET given_name = 'Sam' WHERE id = $1`, [samira.id]));
    expect(inDb).toMatchObject({ code: '23514', constraint: 'ck_member_not_restricted' });

    // webhooks: the event naming her is not delivered; one about the household (Noah's change) is
    const [noahEvent] = await db().query<Array<{ id: string }>>(
      `SELECT id::text AS id FROM outbox_event WHERE household_id = $1 AND type = 'member.updated' AND payload->>'memberId' = $2`,
      [householdId, noah.id],
    );
    const tx = t.app.get(TransactionHost);
    await tx.runAsSystem(() => t.app.get(FanOutService).fanOut(before!.id));
    await tx.runAsSystem(() => t.app.get(FanOutService).fanOut(noahEvent!.id));
    const deliveries = async (eventId: string) => (await db().query<Array<{ id: string }>>('SELECT id FROM webhook_delivery WHERE event_id = $1', [eventId])).map((r) => r.id);
    expect(await deliveries(before!.id)).toEqual([]);
    expect(await deliveries(noahEvent!.id)).toHaveLength(1);

    // a delivery made before the restriction is not sent after it (and leaves no trace in the partner's log)
    const [queued] = await db().query<Array<{ id: string }>>(
      `INSERT INTO webhook_delivery (tenant_id, subscription_id, event_id) VALUES ($1, $2, $3) RETURNING id`,
      [f.tenantId, hook.body.id, before!.id],
    );
    await tx.runAsSystem(() => t.app.get(WebhookDispatcher).deliver({ data: { deliveryId: queued!.id } } as never));
    expect(await deliveries(before!.id)).toEqual([]);

    expectProblem(await step(id, 'lift', f.supervisor, { reason: 'Opgelost' }), 403);
    const lifted = await step(id, 'lift', po2, { reason: 'Gegevens gecontroleerd en juist bevonden' });
    expect(lifted.body).toMatchObject({ status: 'lifted', liftedById: po2.id, liftReason: 'Gegevens gecontroleerd en juist bevonden' });
    expectProblem(await step(id, 'lift', po2, { reason: 'Nog eens' }), 409, 'PRIVACY_REQUEST_INVALID_TRANSITION');
    expect((await api().patch(`/api/v1/households/${householdId}/members/${samira.id}`).set(bearer(f.coordinator)).send({ givenName: 'Sam' })).status).toBe(200);
  });

  it('also refuses an escalation, a consent and a care-team link naming the member, keeps what lessens processing possible, and keeps escalation and consent events naming her out of webhooks (an outside probe opened all three)', async () => {
    const { householdId, members } = await fullCase();
    const samira = members.find((m) => m.givenName === 'Samira')!;
    const noah = members.find((m) => m.givenName === 'Noah')!;
    const escalate = (memberIds: string[], reason: string) => api().post(`/api/v1/households/${householdId}/escalations`).set(bearer(f.coordinator)).send({ reason, memberIds });
    const resolve = (escalationId: string) => api().post(`/api/v1/escalations/${escalationId}/resolve`).set(bearer(f.supervisor)).send({ outcome: 'Besproken' });
    // before the restriction: the case's open escalation resolved; the partner involved on a consent for her; an
    // escalation about her, to resolve under the restriction
    const [open] = await db().query<Array<{ id: string }>>(`SELECT id FROM escalation WHERE household_id = $1 AND resolved_at IS NULL`, [householdId]);
    expect((await resolve(open!.id)).status).toBe(200);
    const herConsent = await api().post(`/api/v1/households/${householdId}/consents`).set(bearer(f.coordinator)).send({ organisationId: f.partnerOrganisationId, memberId: samira.id, purpose: 'Behandeling moeder', basis: 'consent' });
    expect(herConsent.status).toBe(201);
    expect((await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, role: 'behandelaar', basis: 'consent', consentId: herConsent.body.id })).status).toBe(201);
    expect((await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(f.admin)).send({ url: 'https://hooks.example.org/beperking', eventTypes: ['*'] })).status).toBe(201);
    const earlier = await escalate([samira.id], 'Zorg om moeder');
    expect(earlier.status).toBe(201);

    const id = (await record({ kind: 'restriction', householdId, memberId: samira.id, reason: 'Betwist de juistheid van de gegevens' })).body.id as string;
    expect((await step(id, 'approve', po2)).status).toBe(200);
    expect((await step(id, 'execute', po1)).status).toBe(200);

    // what lessens processing stays possible: resolving the escalation about her, withdrawing her consent
    expect((await resolve(earlier.body.id as string)).status).toBe(200);
    // the database refuses naming her anew, whoever writes
    expect(await dbRefusal(db().query('UPDATE escalation SET member_ids = $2 WHERE id = $1', [earlier.body.id, [samira.id, noah.id]]))).toMatchObject({ code: '23514', constraint: 'ck_member_not_restricted' });
    expectProblem(await escalate([samira.id], 'Nieuwe zorg om moeder'), 409, 'MEMBER_RESTRICTED');
    expectProblem(
      await api().post(`/api/v1/households/${householdId}/consents`).set(bearer(f.coordinator)).send({ organisationId: f.partnerOrganisationId, memberId: samira.id, purpose: 'Nog een behandeling', basis: 'consent' }),
      409,
      'MEMBER_RESTRICTED',
    );
    const scoped = await api()
      .post(`/api/v1/households/${householdId}/care-team`)
      .set(bearer(f.coordinator))
      .send({ organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'behandelaar', basis: 'consent', consentId: herConsent.body.id, scope: { memberIds: [samira.id] } });
    expectProblem(scoped, 409, 'MEMBER_RESTRICTED');
    // about the other member it still works
    const aboutNoah = await escalate([noah.id], 'Zorg om Noah');
    expect(aboutNoah.status).toBe(201);
    expect((await api().post(`/api/v1/households/${householdId}/consents/${herConsent.body.id as string}/withdraw`).set(bearer(f.coordinator)).send({ reason: 'Ingetrokken' })).status).toBe(200);

    // the resolution and the withdrawal name her through their records: withheld from partners, and not sent; Noah's
    // escalation is not withheld (it names only him)
    const tx = t.app.get(TransactionHost);
    const events = await db().query<Array<{ id: string; type: string; payload: Record<string, unknown> }>>(
      `SELECT id::text AS id, type, payload FROM outbox_event WHERE household_id = $1 AND type IN ('consent.withdrawn', 'escalation.resolved', 'escalation.opened')
          AND occurred_at > (SELECT executed_at FROM privacy_request WHERE id = $2)`,
      [householdId, id],
    );
    const deliveries = async (eventId: string) => (await db().query<Array<{ id: string }>>('SELECT id FROM webhook_delivery WHERE event_id = $1', [eventId])).length;
    for (const event of events) await tx.runAsSystem(() => t.app.get(FanOutService).fanOut(event.id));
    const outcome = async (e: (typeof events)[number]) => {
      const [{ withheld }] = await db().query<[{ withheld: boolean }]>('SELECT eenplan_withheld_from_partners($1, $2::jsonb) AS withheld', [householdId, JSON.stringify(e.payload)]);
      return [`${e.type} ${e.payload.escalationId === aboutNoah.body.id ? 'noah' : 'samira'}`, { withheld, sent: await deliveries(e.id) }] as const;
    };
    expect(Object.fromEntries(await Promise.all(events.map(outcome)))).toEqual({
      'escalation.resolved samira': { withheld: true, sent: 0 },
      'consent.withdrawn samira': { withheld: true, sent: 0 },
      'escalation.opened noah': { withheld: false, sent: 0 },
    });
  });

  it('also refuses a care-team link covering the member without naming her (no member scope) or widened to her, and keeps narrowing and ending a link possible (an outside probe shared her data this way)', async () => {
    const { householdId, members } = await fullCase();
    const samira = members.find((m) => m.givenName === 'Samira')!;
    const noah = members.find((m) => m.givenName === 'Noah')!;
    const school = await createOrganisation(t.app, { tenantId: f.tenantId, name: 'Basisschool De Linde', kind: 'school' });
    const link = (organisationId: string, scope?: Record<string, unknown>) =>
      api().post(`/api/v1/households/${householdId}/care-team`).set(bearer(f.coordinator)).send({ organisationId, role: 'school', basis: 'public_task', ...(scope && { scope }) });
    const rescope = (linkId: string, scope: Record<string, unknown>) => api().put(`/api/v1/households/${householdId}/care-team/${linkId}/scope`).set(bearer(f.coordinator)).send(scope);
    const noahOnly = await link(f.partnerOrganisationId, { memberIds: [noah.id], domains: ['finances'] });
    expect(noahOnly.status).toBe(201);
    const id = (await record({ kind: 'restriction', householdId, memberId: samira.id })).body.id as string;
    expect((await step(id, 'approve', po2)).status).toBe(200);
    expect((await step(id, 'execute', po1)).status).toBe(200);

    // no member scope covers every member, her included
    expectProblem(await link(school.id), 409, 'MEMBER_RESTRICTED');
    const aboutNoah = await link(school.id, { memberIds: [noah.id] });
    expect(aboutNoah.status).toBe(201);
    // widening a link to her, or to everyone, is refused — by the database too, whoever writes
    expectProblem(await rescope(noahOnly.body.id as string, { memberIds: null, domains: ['finances'], bsn: false, contactNotes: false }), 409, 'MEMBER_RESTRICTED');
    expectProblem(await rescope(noahOnly.body.id as string, { memberIds: [noah.id, samira.id], domains: ['finances'], bsn: false, contactNotes: false }), 409, 'MEMBER_RESTRICTED');
    expect(await dbRefusal(db().query('UPDATE care_team_link SET scope_member_ids = NULL WHERE id = $1', [noahOnly.body.id]))).toMatchObject({ code: '23514', constraint: 'ck_member_not_restricted' });
    // a link that does not cover her may widen; what lessens processing stays possible
    expect((await rescope(noahOnly.body.id as string, { memberIds: [noah.id], domains: null, bsn: false, contactNotes: true })).status).toBe(200);
    const [unscoped] = await db().query<Array<{ id: string }>>('SELECT id FROM care_team_link WHERE household_id = $1 AND scope_member_ids IS NULL AND ended_at IS NULL LIMIT 1', [householdId]);
    if (unscoped) expect((await rescope(unscoped.id, { memberIds: [noah.id], domains: ['finances'], bsn: false, contactNotes: false })).status).toBe(200);
    expect((await api().delete(`/api/v1/households/${householdId}/care-team/${aboutNoah.body.id as string}`).set(bearer(f.coordinator))).status).toBe(204);
  });

  it('of a whole household freezes its address and every member, and keeps all its events out of webhooks; its plan stays workable', async () => {
    const { householdId, members } = await fullCase();
    expect((await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, role: 'jeugdhulp', basis: 'consent' })).status).toBe(201);
    expect((await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(f.admin)).send({ url: 'https://hooks.example.org/gezin', eventTypes: ['*'] })).status).toBe(201);
    const id = (await record({ kind: 'restriction', householdId })).body.id as string;
    expect((await step(id, 'approve', f.supervisor)).status).toBe(200);
    expect((await step(id, 'execute', po1)).body.status).toBe('active');

    const household = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
    expectProblem(
      await api().patch(`/api/v1/households/${householdId}`).set(bearer(f.coordinator)).set('If-Match', household.headers.etag as string).send({ district: 'Elders' }),
      409,
      'HOUSEHOLD_RESTRICTED',
    );
    expectProblem(await api().patch(`/api/v1/households/${householdId}/members/${members[1]!.id}`).set(bearer(f.coordinator)).send({ role: 'other' }), 409, 'MEMBER_RESTRICTED');
    // no new organisation, and no wider view for one already there
    const school = await createOrganisation(t.app, { tenantId: f.tenantId, name: 'Basisschool Het Anker', kind: 'school' });
    expectProblem(await api().post(`/api/v1/households/${householdId}/care-team`).set(bearer(f.coordinator)).send({ organisationId: school.id, role: 'school', basis: 'public_task' }), 409, 'HOUSEHOLD_RESTRICTED');
    const [linked] = await db().query<Array<{ id: string }>>('SELECT id FROM care_team_link WHERE household_id = $1 AND organisation_id = $2 AND ended_at IS NULL', [householdId, f.partnerOrganisationId]);
    const rescope = (scope: Record<string, unknown>) => api().put(`/api/v1/households/${householdId}/care-team/${linked!.id}/scope`).set(bearer(f.coordinator)).send(scope);
    expect((await rescope({ domains: ['finances'], memberIds: [members[1]!.id], bsn: false, contactNotes: false })).status).toBe(200);
    expectProblem(await rescope({ domains: ['finances'], memberIds: [members[1]!.id], bsn: false, contactNotes: true }), 409, 'HOUSEHOLD_RESTRICTED');
    expectProblem(await rescope({ domains: null, memberIds: [members[1]!.id], bsn: false, contactNotes: false }), 409, 'HOUSEHOLD_RESTRICTED');
    const plan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
    const changed = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor)).set('If-Match', plan.headers.etag as string).send({ familyStrengths: 'Veerkracht' });
    expect(changed.status).toBe(200);
    const [event] = await db().query<Array<{ id: string }>>(`SELECT id::text AS id FROM outbox_event WHERE household_id = $1 AND type = 'plan.updated' ORDER BY occurred_at DESC LIMIT 1`, [householdId]);
    await t.app.get(TransactionHost).runAsSystem(() => t.app.get(FanOutService).fanOut(event!.id));
    expect(await db().query('SELECT id FROM webhook_delivery WHERE event_id = $1', [event!.id])).toEqual([]);
    // the coordinator still hears about it in the inbox: reading is not sharing
    expect((await db().query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM notification WHERE event_id = $1', [event!.id]))[0]!.n).toBeGreaterThan(0);
  });
});
