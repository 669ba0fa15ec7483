import request from 'supertest';
import { bearer, createTenantFixture, expectProblem, startTestApp, systemDb, type TenantFixture, type TestApp } from './harness/index.js';
import { caseApi } from './support/case.js';
import { linkCareTeam } from './support/care-team.js';

/** The BSN is returned only to the role that needs it: the household's coordinator, one member at a time. */
let t: TestApp;
let f: TenantFixture;
let other: TenantFixture;
let householdId: string;
let withBsn: string;
let withoutBsn: string;

const BSN = '111222333';
const api = () => request(t.http);
const bsnOf = (memberId: string) => `/api/v1/households/${householdId}/members/${memberId}/bsn`;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  other = await createTenantFixture(t.app);
  const c = caseApi(t);
  householdId = await c.registerHousehold(f.coordinator, {
    members: [
      { givenName: 'Samira', familyName: 'Jansen', dateOfBirth: '1988-03-14', role: 'parent', bsn: BSN },
      { givenName: 'Noah', familyName: 'Jansen', dateOfBirth: '2014-09-02', role: 'child' },
    ],
  });
  await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
  const link = await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' });
  expect(link.status).toBe(201);
  const members = (await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).body.members as Array<{ id: string; hasBsn: boolean }>;
  withBsn = members.find((m) => m.hasBsn)!.id;
  withoutBsn = members.find((m) => !m.hasBsn)!.id;
});

afterAll(async () => t?.close());

describe('GET …/members/{memberId}/bsn', () => {
  it("gives the household's coordinator the number, never cached", async () => {
    const res = await api().get(bsnOf(withBsn)).set(bearer(f.coordinator));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ memberId: withBsn, bsn: BSN });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('never puts the number in a household or member answer, for anyone', async () => {
    for (const who of [f.coordinator, f.supervisor, f.partner]) {
      const res = await api().get(`/api/v1/households/${householdId}`).set(bearer(who));
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(BSN);
    }
    const list = await api().get('/api/v1/households').set(bearer(f.supervisor));
    expect(list.text).not.toContain(BSN);
  });

  it('refuses supervisors, admins and linked professionals of the household with 403', async () => {
    for (const who of [f.supervisor, f.admin, f.partner]) {
      const body = expectProblem(await api().get(bsnOf(withBsn)).set(bearer(who)), 403, 'BSN_NOT_FOR_YOU');
      expect(JSON.stringify(body)).not.toContain(BSN);
    }
  });

  it('answers 404 to anyone who may not see the household, exactly as for a household that does not exist', async () => {
    expectProblem(await api().get(bsnOf(withBsn)).set(bearer(f.secondCoordinator)), 404);
    expectProblem(await api().get(bsnOf(withBsn)).set(bearer(other.coordinator)), 404);
    expectProblem(await api().get(bsnOf(withBsn)).set(bearer(other.supervisor)), 404);
    expectProblem(await api().get(`/api/v1/households/00000000-0000-4000-8000-000000000000/members/${withBsn}/bsn`).set(bearer(f.coordinator)), 404);
  });

  it('says so when no number is on record or the member is not of this household', async () => {
    expectProblem(await api().get(bsnOf(withoutBsn)).set(bearer(f.coordinator)), 404, 'BSN_NOT_ON_RECORD');
    expectProblem(await api().get(bsnOf('00000000-0000-4000-8000-000000000000')).set(bearer(f.coordinator)), 404, 'MEMBER_NOT_FOUND');
  });

  it('records "no number on record" in the audit trail as a look-up of that member, on the basis the household was seen on', async () => {
    const eventsOf = (res: request.Response) =>
      systemDb(t.app).query<Array<{ action: string; outcome: string; member_ids: string[]; legal_basis: string; purpose: string; http_status: number }>>(
        'SELECT action, outcome, member_ids, legal_basis, purpose, http_status FROM audit_event WHERE request_id = $1',
        [res.headers['x-request-id']],
      );
    const none = await api().get(bsnOf(withoutBsn)).set(bearer(f.coordinator));
    expectProblem(none, 404, 'BSN_NOT_ON_RECORD');
    // the answer tells its reader something about the member: the privacy officer sees the attempt, and so does the member's report
    expect(await eventsOf(none)).toEqual([{ action: 'read', outcome: 'not_found', member_ids: [withoutBsn], legal_basis: 'coordinator', purpose: 'case_coordination', http_status: 404 }]);
    // an unknown member disclosed nothing of the household's members: no event
    const unknown = await api().get(bsnOf('00000000-0000-4000-8000-000000000000')).set(bearer(f.coordinator));
    expectProblem(unknown, 404, 'MEMBER_NOT_FOUND');
    expect(await eventsOf(unknown)).toEqual([]);
  });

  it('stops giving the number to a coordinator once the household is handed over', async () => {
    await caseApi(t).assignCoordinator(f.supervisor, householdId, f.secondCoordinator, 'Overdracht');
    expectProblem(await api().get(bsnOf(withBsn)).set(bearer(f.coordinator)), 404);
    expect((await api().get(bsnOf(withBsn)).set(bearer(f.secondCoordinator))).body).toEqual({ memberId: withBsn, bsn: BSN });
  });
});
