import request from 'supertest';
import { Clock } from '../../src/common/clock.js';
import {
  bearer,
  createOrganisation,
  createProfessional,
  createTenantFixture,
  ENGLISH,
  expectProblem,
  problemFields,
  startTestApp,
  systemDb,
  uniqueSuffix,
  type TenantFixture,
  type TestApp,
  type UserFixture,
} from './harness/index.js';
import { linkCareTeam } from './support/care-team.js';
import { caseApi } from './support/case.js';
import { waitFor } from './support/wait.js';

/** Break-the-glass (NEN 7513, issue 13 item 6): emergency access by a professional who is not involved. */

let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;
/** A professional of a welfare organisation of the same municipality, involved with none of the households. */
let outsider: UserFixture;
let privacyOfficer: UserFixture;

const REASON = 'Crisismelding politie: kind alleen thuis aangetroffen, moet nu weten wie het netwerk is';

beforeAll(async () => {
  // with the relay and workers, so the announcement reaches inboxes and e-mail the way it does in production
  t = await startTestApp({ PROCESS_ROLE: 'all', QUEUE_PREFIX: `gls${uniqueSuffix()}`, RELAY_POLL_MS: '200', QUEUE_STALLED_INTERVAL_MS: '2000' });
  f = await createTenantFixture(t.app);
  c = caseApi(t);
  const welfare = await createOrganisation(t.app, { tenantId: f.tenantId, name: 'Welzijn Zuid', kind: 'welfare' });
  outsider = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: welfare.id, roles: ['professional'] });
  privacyOfficer = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['privacy_officer'] });
});

afterEach(() => t.app.get(Clock).reset());

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);
const grantPath = (householdId: string) => `/api/v1/households/${householdId}/emergency-access`;

interface Grant {
  id: string;
  householdId: string;
  professionalId: string;
  reason: string;
  grantedAt: string;
  expiresAt: string;
  endedAt: string | null;
  state: string;
  review: { outcome: string; note: string | null; reviewedById: string; reviewedAt: string } | null;
}

async function breakGlass(householdId: string, as: UserFixture = outsider, reason = REASON): Promise<Grant> {
  const res = await api().post(grantPath(householdId)).set(bearer(as)).send({ reason });
  if (res.status !== 201) throw new Error(`emergency access: ${res.status} ${res.text}`);
  return res.body as Grant;
}

const inboxOf = async (who: UserFixture) =>
  ((await api().get('/api/v1/me/notifications?limit=100').set(bearer(who))).body as { items: Array<{ type: string; householdId: string | null; data: Record<string, unknown> }> }).items;

describe('taking emergency access', () => {
  it('opens a household one was not involved with, read-only, until the expiry the answer states (4 hours by default)', async () => {
    const { householdId } = await c.caseWithPlan(f);
    expectProblem(await api().get(`/api/v1/households/${householdId}`).set(bearer(outsider)), 404, 'HOUSEHOLD_NOT_FOUND');

    const res = await api().post(grantPath(householdId)).set(bearer(outsider)).send({ reason: `  ${REASON}  ` });
    expect(res.status).toBe(201);
    const grant = res.body as Grant;
    expect(res.headers.location).toBe(`/api/v1/households/${householdId}/emergency-access/${grant.id}`);
    expect(grant).toEqual(expect.objectContaining({ householdId, professionalId: outsider.id, reason: REASON, state: 'active', endedAt: null, review: null }));
    expect(Date.parse(grant.expiresAt) - Date.parse(grant.grantedAt)).toBe(4 * 60 * 60 * 1000);

    for (const path of ['', '/plan', '/timeline', '/care-team', '/consents', '/contacts', '/assessments', '/coordination']) {
      expect([path, (await api().get(`/api/v1/households/${householdId}${path}`).set(bearer(outsider))).status]).toEqual([path, 200]);
    }
    const own = await api().get(`${grantPath(householdId)}/${grant.id}`).set(bearer(outsider));
    expect(own.status).toBe(200);
    expect((own.body as Grant).state).toBe('active');
    const listed = await api().get('/api/v1/households?limit=100').set(bearer(outsider));
    expect((listed.body as { items: Array<{ id: string }> }).items.map((h) => h.id)).toContain(householdId);
  });

  it('lets the holder change nothing: the household, its plan, case work and reopening all answer 403', async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    await breakGlass(householdId);
    const household = await api().get(`/api/v1/households/${householdId}`).set(bearer(outsider));
    expectProblem(await api().patch(`/api/v1/households/${householdId}`).set(bearer(outsider)).set('If-Match', household.headers.etag as string).send({ riskLevel: 'high' }), 403);
    expectProblem(await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(outsider)).set('If-Match', etag).send({ familyWishes: 'Iets anders' }), 403);
    expectProblem(
      await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(outsider)).send({ kind: 'call', occurredAt: new Date(Date.now() - 60_000).toISOString(), note: 'Gebeld' }),
      403,
    );
    expectProblem(await api().post(`/api/v1/households/${householdId}/escalations`).set(bearer(outsider)).send({ reason: 'Zorgen' }), 403);

    // a closed case: a coordinator of the municipality may break the glass, but not reopen it with that access
    const closed = await c.caseWithPlan(f);
    expect((await api().post(`/api/v1/households/${closed.householdId}/close`).set(bearer(f.coordinator)).send({ reason: 'Afgerond' })).status).toBe(200);
    await breakGlass(closed.householdId, f.secondCoordinator);
    expect((await api().get(`/api/v1/households/${closed.householdId}`).set(bearer(f.secondCoordinator))).status).toBe(200);
    expectProblem(await api().post(`/api/v1/households/${closed.householdId}/reopen`).set(bearer(f.secondCoordinator)).send({ reason: 'Nieuwe zorgen' }), 403, 'EMERGENCY_ACCESS_READ_ONLY');
  });

  it('is refused to whoever already has access (409), to other roles (403) and across municipalities (404, as for a missing id)', async () => {
    const { householdId } = await c.caseWithPlan(f);
    expect((await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' })).status).toBe(201);
    const ask = (as: UserFixture, id = householdId) => api().post(grantPath(id)).set(bearer(as)).send({ reason: REASON });
    expectProblem(await ask(f.coordinator), 409, 'ALREADY_HAS_ACCESS');
    expectProblem(await ask(f.partner), 409, 'ALREADY_HAS_ACCESS');
    await breakGlass(householdId);
    expectProblem(await ask(outsider), 409, 'ALREADY_HAS_ACCESS');
    for (const as of [f.supervisor, f.admin, privacyOfficer]) expectProblem(await ask(as), 403);

    const other = await createTenantFixture(t.app, 'Buurgemeente');
    const foreign = await ask(other.partner);
    const missing = await ask(other.partner, '6a0e0f1e-8c1b-4d3f-9a57-000000000000');
    expectProblem(foreign, 404, 'HOUSEHOLD_NOT_FOUND');
    expectProblem(missing, 404, 'HOUSEHOLD_NOT_FOUND');
    expect((foreign.body as { title: string }).title).toBe((missing.body as { title: string }).title);
    expect(await db().query('SELECT 1 FROM emergency_access WHERE household_id = $1 AND professional_id = $2', [householdId, other.partner.id])).toHaveLength(0);
  });

  it('asks for a real reason: at least 20 characters without surrounding spaces, no NUL, no unknown fields', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const ask = (body: object) => api().post(grantPath(householdId)).set(bearer(outsider)).set(ENGLISH).send(body);
    expect(problemFields(expectProblem(await ask({}), 400))).toContain('reason');
    expect(problemFields(expectProblem(await ask({ reason: 'Spoed' }), 400))).toContain('reason');
    expect(problemFields(expectProblem(await ask({ reason: `${' '.repeat(20)}Spoed${' '.repeat(20)}` }), 400))).toContain('reason');
    expectProblem(await ask({ reason: `${REASON}\u0000` }), 400);
    // ten emoji are twenty UTF-16 units but ten characters: too short, refused as input, not by the database
    expect(problemFields(expectProblem(await ask({ reason: '🚨'.repeat(10) }), 400))).toContain('reason');
    expectProblem(await ask({ reason: REASON, hours: 12 }), 400);
    expectProblem(await ask({ reason: 'x'.repeat(1001) }), 400);
    expect(await db().query('SELECT 1 FROM emergency_access WHERE household_id = $1', [householdId])).toHaveLength(0);
  });
});

describe('what the emergency access leaves behind', () => {
  it('audits every read as emergency access, and the access report flags those lines', async () => {
    const { householdId } = await c.caseWithPlan(f);
    await breakGlass(householdId);
    await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(outsider));

    const events = await api().get(`/api/v1/households/${householdId}/audit?limit=100`).set(bearer(privacyOfficer));
    expect(events.status).toBe(200);
    const mine = (events.body as { items: Array<{ professionalId: string; action: string; resourceType: string; legalBasis: string; purpose: string }> }).items.filter((e) => e.professionalId === outsider.id);
    expect(mine.map((e) => `${e.action} ${e.resourceType} ${e.legalBasis} ${e.purpose}`).sort()).toEqual(
      ['create emergency_access emergency emergency_care', 'read plan emergency emergency_care'].sort(),
    );

    const report = await api().get(`/api/v1/households/${householdId}/access-report?lang=en`).set(bearer(privacyOfficer));
    expect(report.status).toBe(200);
    const entries = (report.body as { entries: Array<{ emergencyAccess: boolean; legalBasis: string; purpose: string; action: string; codes: { legalBasis: string } }> }).entries;
    const flagged = entries.filter((e) => e.emergencyAccess);
    expect(flagged.map((e) => e.action).sort()).toEqual(['recorded', 'viewed']);
    expect(flagged.every((e) => e.legalBasis === 'emergency access (break-the-glass)' && e.purpose === 'help in an emergency')).toBe(true);
    expect(entries.filter((e) => !e.emergencyAccess).every((e) => e.codes.legalBasis !== 'emergency')).toBe(true);
    expect(entries.some((e) => !e.emergencyAccess)).toBe(true);
  });

  it('is announced at once to the coordinator (inbox and e-mail) and the privacy officers (inbox), without the reason', async () => {
    await api().put('/api/v1/me/notification-preferences').set(bearer(f.coordinator)).send({ emailEnabled: true, language: 'nl' });
    const { householdId } = await c.caseWithPlan(f);
    const grant = await breakGlass(householdId);
    const [event] = await db().query<Array<{ id: string; payload: Record<string, unknown> }>>(
      `SELECT id::text AS id, payload FROM outbox_event WHERE household_id = $1 AND type = 'emergency_access.granted'`,
      [householdId],
    );
    expect(event!.payload).toEqual({ grantId: grant.id, professionalId: outsider.id, expiresAt: grant.expiresAt });

    const told = await waitFor('inbox items', async () => {
      const rows = await db().query<Array<{ professional_id: string }>>('SELECT professional_id FROM notification WHERE event_id = $1', [event!.id]);
      return rows.length >= 2 ? rows.map((r) => r.professional_id).sort() : undefined;
    });
    expect(told).toEqual([f.coordinator.id, privacyOfficer.id].sort());
    for (const who of [f.coordinator, privacyOfficer]) {
      const item = (await inboxOf(who)).find((n) => n.type === 'emergency_access.granted' && n.householdId === householdId);
      expect(item?.data).toEqual(expect.objectContaining({ grantId: grant.id, professionalId: outsider.id }));
      expect(JSON.stringify(item)).not.toContain('Crisismelding');
    }
    expect((await inboxOf(outsider)).filter((n) => n.type === 'emergency_access.granted')).toHaveLength(0);
    // the officer's read of that line is theirs to account for: audited on their duty to account, not as "nothing
    // visible" under the coordinating purpose (an outside probe found the citizen's report saying so)
    const read = await api().get('/api/v1/me/notifications?limit=100').set(bearer(privacyOfficer));
    const [line] = await db().query<Array<{ legal_basis: string; purpose: string }>>(
      'SELECT legal_basis, purpose FROM audit_event WHERE request_id = $1 AND household_id = $2',
      [read.headers['x-request-id'], householdId],
    );
    expect(line).toEqual({ legal_basis: 'audit_role', purpose: 'accountability' });
    await waitFor('e-mail to the coordinator', async () => {
      const [row] = await db().query<Array<{ emailed_at: Date | null }>>('SELECT emailed_at FROM notification WHERE event_id = $1 AND professional_id = $2', [event!.id, f.coordinator.id]);
      return row?.emailed_at ?? undefined;
    });
    await api().put('/api/v1/me/notification-preferences').set(bearer(f.coordinator)).send({ emailEnabled: false, language: 'nl' });
  });
});

describe('the end of emergency access', () => {
  it('stops exactly at its expiry, with the duration the privacy officer set', async () => {
    const g = await createTenantFixture(t.app, 'Kortgemeente');
    const officer = await createProfessional(t.app, { tenantId: g.tenantId, organisationId: g.ownOrganisationId, roles: ['privacy_officer'] });
    const policy = api().get('/api/v1/privacy/emergency-access-policy');
    expect((await policy.set(bearer(officer))).body).toEqual({ durationMinutes: 240, isDefault: true });
    expectProblem(await api().put('/api/v1/privacy/emergency-access-policy').set(bearer(officer)).send({ durationMinutes: 14 }), 400);
    expectProblem(await api().put('/api/v1/privacy/emergency-access-policy').set(bearer(officer)).send({ durationMinutes: 721 }), 400);
    // a JSON number, never text made into one (an outside fuzzer had "6e1", "0x3c" and " 60 " taken as 60)
    for (const text of ['60', '6e1', '0x3c', ' 60 ']) {
      const body = expectProblem(await api().put('/api/v1/privacy/emergency-access-policy').set(bearer(officer)).send({ durationMinutes: text }), 400);
      expect(body.errors).toEqual([expect.objectContaining({ field: 'durationMinutes' })]);
    }
    expectProblem(await api().put('/api/v1/privacy/emergency-access-policy').set(bearer(g.admin)).send({ durationMinutes: 30 }), 403);
    const set = await api().put('/api/v1/privacy/emergency-access-policy').set(bearer(officer)).send({ durationMinutes: 15 });
    expect(set.body).toEqual({ durationMinutes: 15, isDefault: false });

    const { householdId } = await c.caseWithPlan(g);
    const grant = await breakGlass(householdId, g.partner);
    expect(Date.parse(grant.expiresAt) - Date.parse(grant.grantedAt)).toBe(15 * 60 * 1000);
    const clock = t.app.get(Clock);
    const read = () => api().get(`/api/v1/households/${householdId}`).set(bearer(g.partner));
    // a minute before the expiry, then on it (plus the few milliseconds the requests take)
    clock.advance(Date.parse(grant.expiresAt) - clock.now().getTime() - 60_000);
    expect((await read()).status).toBe(200);
    clock.advance(Date.parse(grant.expiresAt) - clock.now().getTime());
    expectProblem(await read(), 404, 'HOUSEHOLD_NOT_FOUND');
    expect(((await api().get(`${grantPath(householdId)}/${grant.id}`).set(bearer(g.partner))).body as Grant).state).toBe('expired');
    expectProblem(await api().post(`${grantPath(householdId)}/${grant.id}/end`).set(bearer(g.partner)), 409, 'EMERGENCY_ACCESS_NOT_ACTIVE');
    // after expiry the glass may be broken again, on a new grant
    expect((await breakGlass(householdId, g.partner)).id).not.toBe(grant.id);
  });

  it('can be ended early by its holder only, and then nothing is visible any more', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const grant = await breakGlass(householdId);
    const end = (as: UserFixture) => api().post(`${grantPath(householdId)}/${grant.id}/end`).set(bearer(as));
    expectProblem(await end(f.secondPartner), 404, 'EMERGENCY_ACCESS_NOT_FOUND');
    const ended = await end(outsider);
    expect(ended.status).toBe(200);
    expect(ended.body).toEqual(expect.objectContaining({ id: grant.id, state: 'ended', endedAt: expect.any(String) }));
    expectProblem(await api().get(`/api/v1/households/${householdId}`).set(bearer(outsider)), 404, 'HOUSEHOLD_NOT_FOUND');
    expectProblem(await end(outsider), 409, 'EMERGENCY_ACCESS_NOT_ACTIVE');
  });
});

describe("the privacy officer's review", () => {
  it('lists the unreviewed grants with holder and reason, records a review once, and keeps it out of the queue after', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const grant = await breakGlass(householdId);
    const queue = async () => {
      const res = await api().get('/api/v1/privacy/emergency-accesses?unreviewed=true&limit=100').set(bearer(privacyOfficer));
      expect(res.status).toBe(200);
      return (res.body as { items: Grant[] }).items;
    };
    expect((await queue()).find((g) => g.id === grant.id)).toEqual(expect.objectContaining({ householdId, professionalId: outsider.id, reason: REASON, review: null }));

    const review = (as: UserFixture, body: object, id = grant.id) => api().post(`/api/v1/privacy/emergency-accesses/${id}/review`).set(bearer(as)).send(body);
    expectProblem(await review(privacyOfficer, { outcome: 'maybe' }), 400);
    expectProblem(await review(f.supervisor, { outcome: 'justified' }), 403);
    const done = await review(privacyOfficer, { outcome: 'unjustified', note: 'Geen spoed; besproken met de leidinggevende' });
    expect(done.status).toBe(200);
    expect((done.body as Grant).review).toEqual(expect.objectContaining({ outcome: 'unjustified', note: 'Geen spoed; besproken met de leidinggevende', reviewedById: privacyOfficer.id }));
    expectProblem(await review(privacyOfficer, { outcome: 'justified' }), 409, 'ALREADY_REVIEWED');
    expect((await queue()).map((g) => g.id)).not.toContain(grant.id);
    const all = await api().get('/api/v1/privacy/emergency-accesses?limit=100').set(bearer(privacyOfficer));
    expect((all.body as { items: Grant[] }).items.find((g) => g.id === grant.id)?.review?.outcome).toBe('unjustified');

    const other = await createTenantFixture(t.app, 'Verre gemeente');
    const otherOfficer = await createProfessional(t.app, { tenantId: other.tenantId, organisationId: other.ownOrganisationId, roles: ['privacy_officer'] });
    expectProblem(await review(otherOfficer, { outcome: 'justified' }), 404, 'EMERGENCY_ACCESS_NOT_FOUND');
    expect(((await api().get('/api/v1/privacy/emergency-accesses?limit=100').set(bearer(otherOfficer))).body as { items: Grant[] }).items).toEqual([]);
  });

  it('is never done by the holder of the grant', async () => {
    const both = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['professional', 'privacy_officer'] });
    const { householdId } = await c.caseWithPlan(f);
    const grant = await breakGlass(householdId, both);
    expectProblem(await api().post(`/api/v1/privacy/emergency-accesses/${grant.id}/review`).set(bearer(both)).send({ outcome: 'justified' }), 403, 'OWN_EMERGENCY_ACCESS');
    expect((await api().post(`/api/v1/privacy/emergency-accesses/${grant.id}/review`).set(bearer(privacyOfficer)).send({ outcome: 'justified' })).status).toBe(200);
  });

  it('keeps the grant itself unchangeable in the database: only ending and reviewing, each once', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const grant = await breakGlass(householdId);
    await expect(db().query(`UPDATE emergency_access SET expires_at = expires_at + interval '1 hour' WHERE id = $1`, [grant.id])).rejects.toThrow(/only ended and reviewed/);
    await expect(db().query(`UPDATE emergency_access SET reason = 'Iets heel anders dan eerst gezegd' WHERE id = $1`, [grant.id])).rejects.toThrow(/only ended and reviewed/);
    await expect(
      db().query(`INSERT INTO emergency_access (tenant_id, household_id, professional_id, reason, granted_at, expires_at) VALUES ($1, $2, $3, $4, now(), now() + interval '13 hours')`, [
        f.tenantId,
        householdId,
        outsider.id,
        REASON,
      ]),
    ).rejects.toThrow(/ck_emergency_access_period/);
  });
});

describe("the household's coordinator reads who broke the glass, and why", () => {
  const listPath = (householdId: string, query = '') => `/api/v1/households/${householdId}/emergency-accesses${query}`;

  it('lists the grants on the household with holder, reason, when and until when, newest first, page by page, to its coordinator and supervisors', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const { householdId: elsewhere } = await c.caseWithPlan(f);
    const peer = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: (await db().query<[{ organisation_id: string }]>('SELECT organisation_id FROM professional WHERE id = $1', [outsider.id]))[0].organisation_id, roles: ['professional'] });
    const first = await breakGlass(householdId);
    t.app.get(Clock).advance(60_000);
    const second = await breakGlass(householdId, peer, 'Melding Veilig Thuis buiten kantoortijd: wie is de regisseur van dit gezin?');
    await breakGlass(elsewhere);

    const all = await api().get(listPath(householdId)).set(bearer(f.coordinator));
    expect(all.status).toBe(200);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.items).toEqual([
      { id: second.id, householdId, professionalId: peer.id, reason: 'Melding Veilig Thuis buiten kantoortijd: wie is de regisseur van dit gezin?', grantedAt: second.grantedAt, expiresAt: second.expiresAt, endedAt: null, state: 'active' },
      { id: first.id, householdId, professionalId: outsider.id, reason: REASON, grantedAt: first.grantedAt, expiresAt: first.expiresAt, endedAt: null, state: 'active' },
    ]);
    // the privacy officer's review is not part of the coordinator's view
    expect(Object.keys(all.body.items[0] as object)).not.toContain('review');

    const page1 = await api().get(listPath(householdId, '?limit=1')).set(bearer(f.supervisor));
    expect(page1.status).toBe(200);
    expect((page1.body.items as Grant[]).map((g) => g.id)).toEqual([second.id]);
    const page2 = await api().get(listPath(householdId, `?limit=1&cursor=${encodeURIComponent(page1.body.nextCursor as string)}`)).set(bearer(f.supervisor));
    expect((page2.body.items as Grant[]).map((g) => g.id)).toEqual([first.id]);
    expect(page2.body.nextCursor).toBeNull();

    // the read is audited, on the coordinator's own ground
    const events = await api().get(`/api/v1/households/${householdId}/audit?limit=100`).set(bearer(privacyOfficer));
    const reads = (events.body as { items: Array<{ professionalId: string; action: string; resourceType: string; legalBasis: string }> }).items.filter(
      (e) => e.professionalId === f.coordinator.id && e.resourceType === 'emergency_access',
    );
    expect(reads.map((e) => `${e.action} ${e.legalBasis}`)).toEqual(['search coordinator']);
  });

  it('is closed to care-team partners, the holders and their peers, other coordinators, the privacy officer and other municipalities', async () => {
    const { householdId } = await c.caseWithPlan(f);
    expect((await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' })).status).toBe(201);
    await breakGlass(householdId);
    const other = await createTenantFixture(t.app, 'Andere gemeente');

    // partners and holders see the household but do not manage the case; the route is for coordinators and supervisors
    expectProblem(await api().get(listPath(householdId)).set(bearer(f.partner)), 403);
    expectProblem(await api().get(listPath(householdId)).set(bearer(outsider)), 403);
    const peerOfHolder = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: (await db().query<[{ organisation_id: string }]>('SELECT organisation_id FROM professional WHERE id = $1', [outsider.id]))[0].organisation_id, roles: ['professional'] });
    expectProblem(await api().get(listPath(householdId)).set(bearer(peerOfHolder)), 403);
    expectProblem(await api().get(listPath(householdId)).set(bearer(privacyOfficer)), 403);
    // a coordinator who is not the household's does not see it at all
    expectProblem(await api().get(listPath(householdId)).set(bearer(f.secondCoordinator)), 404, 'HOUSEHOLD_NOT_FOUND');
    expectProblem(await api().get(listPath(householdId)).set(bearer(other.coordinator)), 404, 'HOUSEHOLD_NOT_FOUND');
    expectProblem(await api().get(listPath(householdId)).set(bearer(other.supervisor)), 404, 'HOUSEHOLD_NOT_FOUND');
    // problem+json in both languages for a malformed request
    const badCursor = await api().get(listPath(householdId, '?cursor=nonsense')).set(bearer(f.coordinator)).set(ENGLISH);
    expectProblem(badCursor, 400);
    expectProblem(await api().get('/api/v1/households/not-a-uuid/emergency-accesses').set(bearer(f.coordinator)), 400);
  });
});
