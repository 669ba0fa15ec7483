import request from 'supertest';
import { TransactionHost } from '../../src/database/transaction-host.js';
import { FanOutService } from '../../src/delivery/fanout/fanout.service.js';
import { bearer, createOrganisation, createTenantFixture, expectProblem, problemFields, startTestApp, type TenantFixture, type TestApp, systemDb } from './harness/index.js';
import { caseApi } from './support/case.js';
import { dateIn } from './support/days.js';
import { linkCareTeam } from './support/care-team.js';

let t: TestApp;
let f: TenantFixture;
let other: TenantFixture;
let c: ReturnType<typeof caseApi>;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  other = await createTenantFixture(t.app, 'Andere gemeente');
  c = caseApi(t);
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);

async function consentFor(householdId: string, body: Record<string, unknown> = {}) {
  const res = await api()
    .post(`/api/v1/households/${householdId}/consents`)
    .set(bearer(f.coordinator))
    .send({ organisationId: f.partnerOrganisationId, purpose: 'Jeugdhulp bij opvoedvragen', basis: 'consent', ...body });
  expect(res.status).toBe(201);
  return res.body as { id: string; valid: boolean };
}

async function linkOnConsent(householdId: string, consentId: string) {
  return linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent', consentId });
}

describe('consents', () => {
  it('withdrawing consent ends the access it carried at once', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const consent = await consentFor(householdId);
    expect(consent.valid).toBe(true);
    expect((await linkOnConsent(householdId, consent.id)).status).toBe(201);
    expect((await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.partner))).status).toBe(200);

    const withdrawn = await api().post(`/api/v1/households/${householdId}/consents/${consent.id}/withdraw`).set(bearer(f.coordinator)).send({ reason: 'Gezin trekt toestemming in' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ valid: false, withdrawalReason: 'Gezin trekt toestemming in' });
    expectProblem(await api().get(`/api/v1/households/${householdId}`).set(bearer(f.partner)), 404);
    expectProblem(await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.partner)), 404);
    const team = await api().get(`/api/v1/households/${householdId}/care-team?includeEnded=true`).set(bearer(f.coordinator));
    expect(team.body.items[0]).toMatchObject({ active: false, endReason: 'Consent withdrawn', consentId: consent.id });
    const [event] = await systemDb(t.app).query<Array<{ payload: Record<string, unknown> }>>(`SELECT payload FROM outbox_event WHERE household_id = $1 AND type = 'consent.withdrawn'`, [householdId]);
    expect(event!.payload).toEqual({ consentId: consent.id, organisationId: f.partnerOrganisationId, endedLinks: 1 });
    // the link it ended is said as ending it by hand says it: on the timeline, and to the professional it involved
    const timeline = await api().get(`/api/v1/households/${householdId}/timeline`).set(bearer(f.coordinator));
    expect(timeline.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'care_team.changed', data: expect.objectContaining({ change: 'ended', endReason: 'Consent withdrawn', linkId: team.body.items[0].id }) })]),
    );
    const [ended] = await systemDb(t.app).query<Array<{ id: string }>>(`SELECT id::text AS id FROM outbox_event WHERE household_id = $1 AND type = 'care_team.changed' AND payload->>'change' = 'ended'`, [householdId]);
    await t.app.get(TransactionHost).runAsSystem(() => t.app.get(FanOutService).fanOut(ended!.id));
    const inbox = await api().get('/api/v1/me/notifications?limit=100').set(bearer(f.partner));
    expect(inbox.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'care_team.changed', householdId, data: expect.objectContaining({ change: 'ended' }) })]));
    expectProblem(await api().post(`/api/v1/households/${householdId}/consents/${consent.id}/withdraw`).set(bearer(f.coordinator)).send({ reason: 'nogmaals' }), 409, 'CONSENT_ALREADY_WITHDRAWN');
    expectProblem(await linkOnConsent(householdId, consent.id), 422, 'CONSENT_NOT_USABLE');
  });

  it('an expired consent gives no access even before anyone ends the link', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const consent = await consentFor(householdId, { validFrom: dateIn(-30), validUntil: dateIn(0) });
    expect((await linkOnConsent(householdId, consent.id)).status).toBe(201);
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(f.partner))).status).toBe(200);
    await systemDb(t.app).query('UPDATE consent SET valid_until = $2 WHERE id = $1', [consent.id, dateIn(-1)]);
    expectProblem(await api().get(`/api/v1/households/${householdId}`).set(bearer(f.partner)), 404);
  });

  it('a link may only rest on a valid consent of that organisation for that household', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const another = await c.caseWithPlan(f);
    const elsewhere = await consentFor(another.householdId);
    expect(problemFields(expectProblem(await linkOnConsent(householdId, elsewhere.id), 422, 'CONSENT_NOT_USABLE'))).toEqual(['consentId']);
    const school = await createOrganisation(t.app, { tenantId: f.tenantId, kind: 'school' });
    const forSchool = await consentFor(householdId, { organisationId: school.id });
    expectProblem(await linkOnConsent(householdId, forSchool.id), 422, 'CONSENT_NOT_USABLE');
    // the database refuses it too
    await expect(
      systemDb(t.app).query(
        `INSERT INTO care_team_link (tenant_id, household_id, organisation_id, role, basis, starts_on, created_by_id, consent_id) VALUES ($1, $2, $3, 'x', 'consent', current_date, $4, $5)`,
        [f.tenantId, householdId, f.partnerOrganisationId, f.coordinator.id, elsewhere.id],
      ),
    ).rejects.toThrow(/fk_care_team_link_consent/);
  });

  it('involvement on the basis of consent needs the recorded consent, in the API and in the database', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const before = await systemDb(t.app).query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM care_team_link WHERE household_id = $1', [householdId]);
    const res = await api()
      .post(`/api/v1/households/${householdId}/care-team`)
      .set(bearer(f.coordinator))
      .send({ organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' });
    expect(problemFields(expectProblem(res, 422, 'CONSENT_REQUIRED'))).toEqual(['consentId']);
    // another legal basis needs no consent record
    const legal = await api()
      .post(`/api/v1/households/${householdId}/care-team`)
      .set(bearer(f.coordinator))
      .send({ organisationId: f.partnerOrganisationId, role: 'veilig thuis', basis: 'legal_obligation' });
    expect(legal.status).toBe(201);
    const after = await systemDb(t.app).query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM care_team_link WHERE household_id = $1', [householdId]);
    expect(after[0]!.n).toBe(before[0]!.n + 1);
    await expect(
      systemDb(t.app).query(
        `INSERT INTO care_team_link (tenant_id, household_id, organisation_id, role, basis, starts_on, created_by_id) VALUES ($1, $2, $3, 'x', 'consent', CURRENT_DATE, $4)`,
        [f.tenantId, householdId, f.partnerOrganisationId, f.coordinator.id],
      ),
    ).rejects.toThrow(/ck_care_team_link_consent_recorded/);
  });

  it('a link whose period is already over is refused: it would open nothing and stand in the way of the next one', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const link = (endsOn: string) => linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'Schuldhulp', basis: 'public_task', startsOn: dateIn(-30), endsOn });
    const past = await link(dateIn(-1));
    expect(problemFields(expectProblem(past, 422, 'INVALID_PERIOD'))).toEqual(['endsOn']);
    expect((await api().get(`/api/v1/households/${householdId}/care-team`).set(bearer(f.coordinator))).body.items).toEqual([]);
    // a link that ends today still gives access today
    expect((await link(dateIn(0))).status).toBe(201);
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(f.partner))).status).toBe(200);
  });

  it('validation, roles and tenants', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const bad = await api().post(`/api/v1/households/${householdId}/consents`).set(bearer(f.coordinator)).send({ organisationId: 'x', purpose: ' ', basis: 'whim', validFrom: '2026-02-30' });
    expect(problemFields(expectProblem(bad, 400))).toEqual(expect.arrayContaining(['organisationId', 'purpose', 'basis', 'validFrom']));
    expectProblem(await api().post(`/api/v1/households/${householdId}/consents`).set(bearer(f.coordinator)).send({ organisationId: f.partnerOrganisationId, purpose: 'p', basis: 'consent', validFrom: dateIn(5), validUntil: dateIn(1) }), 422, 'INVALID_PERIOD');
    expectProblem(await api().post(`/api/v1/households/${householdId}/consents`).set(bearer(f.coordinator)).send({ organisationId: other.partnerOrganisationId, purpose: 'p', basis: 'consent' }), 422, 'UNKNOWN_ORGANISATION');
    expectProblem(await api().post(`/api/v1/households/${householdId}/consents`).set(bearer(f.partner)).send({ organisationId: f.partnerOrganisationId, purpose: 'p', basis: 'consent' }), 404);
    expectProblem(await api().get(`/api/v1/households/${householdId}/consents`).set(bearer(other.supervisor)), 404);
    const list = await api().get(`/api/v1/households/${householdId}/consents`).set(bearer(f.supervisor));
    expect(list.status).toBe(200);
  });
});
