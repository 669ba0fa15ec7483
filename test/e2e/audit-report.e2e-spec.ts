import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import request from 'supertest';
import { AUDIT_SPEC_KEY, NO_PERSONAL_DATA_KEY } from '../../src/audit/audit.decorators.js';
import { bearer, createProfessional, createTenantFixture, expectProblem, startTestApp, systemDb, type TenantFixture, type TestApp, type UserFixture } from './harness/index.js';
import { caseApi } from './support/case.js';

let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;
let privacyOfficer: UserFixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  c = caseApi(t);
  privacyOfficer = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['privacy_officer'] });
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);

describe('every route declares whether it touches personal data', () => {
  it('each handler has @Audit or @NoPersonalData, never both', () => {
    const scanner = t.app.get(MetadataScanner);
    const routes: Array<{ route: string; audit: boolean; none: boolean }> = [];
    for (const wrapper of t.app.get(DiscoveryService).getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as object;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        routes.push({
          route: `${wrapper.name}.${name}`,
          audit: Reflect.getMetadata(AUDIT_SPEC_KEY, handler) !== undefined,
          none: Reflect.getMetadata(NO_PERSONAL_DATA_KEY, handler) === true,
        });
      }
    }
    expect(routes.length).toBeGreaterThan(70);
    expect(routes.filter((r) => r.audit === r.none).map((r) => r.route)).toEqual([]);
  });
});

describe('access report for the citizen (AVG art. 15)', () => {
  it('says who saw which data when, why and on what basis, in Dutch or English, and nothing about other households', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const other = await c.caseWithPlan(f);
    const household = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
    const [firstMember, secondMember] = household.body.members as Array<{ id: string }>;
    const consent = await api()
      .post(`/api/v1/households/${householdId}/consents`)
      .set(bearer(f.coordinator))
      .send({ organisationId: f.partnerOrganisationId, purpose: 'Jeugdhulp bij opvoedvragen', basis: 'consent' });
    await api()
      .post(`/api/v1/households/${householdId}/care-team`)
      .set(bearer(f.coordinator))
      .send({ organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent', consentId: consent.body.id });
    expect((await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.partner))).status).toBe(200);
    // the supervisor only ever looks at the other household; a member change concerns the second member only
    expect((await api().get(`/api/v1/households/${other.householdId}`).set(bearer(f.supervisor))).status).toBe(200);
    const memberChange = await api().patch(`/api/v1/households/${householdId}/members/${secondMember!.id}`).set(bearer(f.coordinator)).send({ givenName: 'Noa' });
    expect(memberChange.status).toBe(200);

    const nl = await api().get(`/api/v1/households/${householdId}/access-report`).set(bearer(privacyOfficer));
    expect(nl.status).toBe(200);
    expect(nl.body).toMatchObject({ language: 'nl', householdId, memberId: null, columns: { organisation: 'Organisatie', purpose: 'Doel', legalBasis: 'Grondslag' } });
    const partnerEntry = (nl.body.entries as Array<Record<string, unknown>>).find((e) => e.organisation === 'Jeugdhulp Midden');
    expect(partnerEntry).toMatchObject({ role: 'hulpverlener', action: 'ingezien', purpose: 'Jeugdhulp bij opvoedvragen', legalBasis: 'uw toestemming', times: 1 });
    expect(nl.body.entries).toEqual(
      expect.arrayContaining([expect.objectContaining({ organisation: 'Wijkteam Centrum', role: 'regisseur', action: 'gewijzigd', legalBasis: 'regisseur van het gezin' })]),
    );
    const roles = (nl.body.entries as Array<{ codes: { roles: string[] } }>).flatMap((e) => e.codes.roles);
    expect(roles).not.toContain('supervisor');
    expect(JSON.stringify(nl.body)).not.toContain(other.householdId);

    const en = await api().get(`/api/v1/households/${householdId}/access-report?lang=en`).set(bearer(privacyOfficer));
    expect(en.body).toMatchObject({ language: 'en', columns: { organisation: 'Organisation', purpose: 'Purpose', legalBasis: 'Legal basis' } });
    expect((en.body.entries as Array<Record<string, unknown>>).find((e) => e.organisation === 'Jeugdhulp Midden')).toMatchObject({
      role: 'care professional',
      action: 'viewed',
      legalBasis: 'your consent',
    });

    // the member change concerned the second member only: not in the first member's report
    const first = await api().get(`/api/v1/households/${householdId}/access-report?memberId=${firstMember!.id}&lang=en`).set(bearer(f.supervisor));
    const second = await api().get(`/api/v1/households/${householdId}/access-report?memberId=${secondMember!.id}&lang=en`).set(bearer(f.supervisor));
    const changes = (body: { entries: Array<{ codes: { action: string }; times: number }> }) =>
      body.entries.filter((e) => e.codes.action === 'update').reduce((n, e) => n + e.times, 0);
    expect(changes(second.body) - changes(first.body)).toBe(1);

    expectProblem(await api().get(`/api/v1/households/${householdId}/access-report?memberId=${other.householdId}`).set(bearer(privacyOfficer)), 404);
    expectProblem(await api().get(`/api/v1/households/${householdId}/access-report`).set(bearer(f.coordinator)), 403);
    expectProblem(await api().get(`/api/v1/households/${householdId}/access-report?lang=de`).set(bearer(privacyOfficer)), 400);
  });

  it("names a consent in its words only to the member it is for: another member's report says it was another member's consent (an outside probe saw a child's treatment in the parent's report)", async () => {
    const { householdId } = await c.caseWithPlan(f);
    const household = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
    const [parent, child] = household.body.members as Array<{ id: string }>;
    const consent = await api()
      .post(`/api/v1/households/${householdId}/consents`)
      .set(bearer(f.coordinator))
      .send({ organisationId: f.partnerOrganisationId, memberId: child!.id, purpose: 'Traumabehandeling van het kind', basis: 'consent' });
    expect(consent.status).toBe(201);
    const linked = await api()
      .post(`/api/v1/households/${householdId}/care-team`)
      .set(bearer(f.coordinator))
      .send({ organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent', consentId: consent.body.id });
    expect(linked.status).toBe(201);
    // the plan, the household, the list: what the partner saw of them, it saw of the child only (the consent's fence)
    expect((await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.partner))).status).toBe(200);
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(f.partner))).status).toBe(200);
    expect((await api().get('/api/v1/households?limit=100').set(bearer(f.partner))).status).toBe(200);

    const report = async (memberId: string) => (await api().get(`/api/v1/households/${householdId}/access-report?memberId=${memberId}&lang=en`).set(bearer(privacyOfficer))).body as { entries: Array<Record<string, unknown>> };
    const partnerLines = (body: { entries: Array<Record<string, unknown>> }) => body.entries.filter((e) => e.organisation === 'Jeugdhulp Midden');
    // the parent's report neither lists a reader that saw nothing of her nor the words of the child's consent
    const forParent = await report(parent!.id);
    expect(partnerLines(forParent)).toEqual([]);
    expect(JSON.stringify(forParent)).not.toContain('Traumabehandeling');
    const forChild = await report(child!.id);
    expect(partnerLines(forChild)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'viewed', purpose: 'Traumabehandeling van het kind', legalBasis: 'your consent' }),
        expect.objectContaining({ action: 'shown in a list or search result', purpose: 'Traumabehandeling van het kind', legalBasis: 'your consent' }),
      ]),
    );
  });

  it('a partner whose link is narrowed to a child is in the child\'s report only, for lists, searches, the timeline and contacts too (an outside probe found the parent told of them)', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const household = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
    const [parent, child] = household.body.members as Array<{ id: string; givenName: string }>;
    const linked = await api()
      .post(`/api/v1/households/${householdId}/care-team`)
      .set(bearer(f.coordinator))
      .send({ organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'public_task' });
    expect(linked.status).toBe(201);
    const narrowed = await api().put(`/api/v1/households/${householdId}/care-team/${linked.body.id as string}/scope`).set(bearer(f.coordinator)).send({ domains: null, memberIds: [child!.id], bsn: false, contactNotes: true });
    expect(narrowed.status).toBe(200);
    for (const path of ['/api/v1/households?limit=100', `/api/v1/households?text=${encodeURIComponent(child!.givenName)}`, `/api/v1/households/${householdId}/timeline`, `/api/v1/households/${householdId}/contacts`]) {
      expect((await api().get(path).set(bearer(f.partner))).status).toBe(200);
    }
    const events = await systemDb(t.app).query<Array<{ member_ids: string[]; action: string }>>(
      'SELECT member_ids, action FROM audit_event WHERE household_id = $1 AND professional_id = $2 ORDER BY seq',
      [householdId, f.partner.id],
    );
    expect(events.map((e) => e.action)).toEqual(['search', 'search', 'search', 'search']);
    for (const event of events) expect(event.member_ids).toEqual([child!.id]);

    const report = async (memberId: string) => (await api().get(`/api/v1/households/${householdId}/access-report?memberId=${memberId}&lang=en`).set(bearer(privacyOfficer))).body as { entries: Array<Record<string, unknown>> };
    const partnerTimes = (body: { entries: Array<Record<string, unknown>> }) => body.entries.filter((e) => e.organisation === 'Jeugdhulp Midden').reduce((n, e) => n + (e.times as number), 0);
    expect(partnerTimes(await report(parent!.id))).toBe(0);
    expect(partnerTimes(await report(child!.id))).toBe(4);
  });

  it('an inbox read about a household the reader cannot see is labelled with legal basis "none", not another basis', async () => {
    const householdId = await c.registerHousehold(f.coordinator);
    // a notification about the household for a partner professional who has no link to it (left the care team, say)
    await systemDb(t.app).query(
      `INSERT INTO notification (tenant_id, professional_id, event_id, type, household_id, payload)
       SELECT tenant_id, $2, id, 'plan.updated', $3, '{}'::jsonb FROM outbox_event WHERE tenant_id = $1 ORDER BY id LIMIT 1`,
      [f.tenantId, f.partner.id, householdId],
    );
    const inbox = await api().get('/api/v1/me/notifications').set(bearer(f.partner));
    expect(inbox.status).toBe(200);
    const events = await systemDb(t.app).query<Array<{ household_id: string; legal_basis: string; roles: string[] }>>(
      'SELECT household_id, legal_basis, roles FROM audit_event WHERE request_id = $1',
      [inbox.headers['x-request-id']],
    );
    expect(events).toEqual([{ household_id: householdId, legal_basis: 'none', roles: ['professional'] }]);
    const report = await api().get(`/api/v1/households/${householdId}/access-report?lang=en`).set(bearer(privacyOfficer));
    expect((report.body.entries as Array<Record<string, unknown>>).find((e) => (e.codes as { legalBasis: string }).legalBasis === 'none')).toMatchObject({
      role: 'care professional',
      legalBasis: 'none (nothing was visible)',
    });
  });

  it("another tenant's household answers 404 and the privacy officer sees no case data", async () => {
    const otherTenant = await createTenantFixture(t.app, 'Buurgemeente');
    const foreign = await c.registerHousehold(otherTenant.coordinator);
    expectProblem(await api().get(`/api/v1/households/${foreign}/access-report`).set(bearer(privacyOfficer)), 404);
    expectProblem(await api().get(`/api/v1/households/${foreign}/audit`).set(bearer(privacyOfficer)), 404);
    const { householdId } = await c.caseWithPlan(f);
    expectProblem(await api().get(`/api/v1/households/${householdId}`).set(bearer(privacyOfficer)), 404);
    expect((await api().get(`/api/v1/households/${householdId}/audit`).set(bearer(privacyOfficer))).status).toBe(200);
  });
});
