import request from 'supertest';
import { bearer, createOrganisation, createProfessional, createTenantFixture, startTestApp, type TenantFixture, type TestApp } from './harness/index.js';
import { SCOPE_READERS, SCOPE_ROWS, type ScopeOutcome, type ScopeProbe, type ScopeReaderKey } from './authorization/scope-matrix.js';
import { caseApi } from './support/case.js';
import { linkCareTeam } from './support/care-team.js';

/**
 * The category- and member-level rows of docs/ACCESS-MATRIX.md: every reader reads every category of one household
 * and gets what the table says — 0 deviations.
 */
let t: TestApp;
let f: TenantFixture;
const tokens = {} as Record<ScopeReaderKey, string>;
const ids = {} as {
  householdId: string;
  parentId: string;
  childId: string;
  schoolGoalId: string;
  financeGoalId: string;
  financeActionId: string;
  childAssessmentId: string;
  parentAssessmentId: string;
  householdAssessmentId: string;
  childContactId: string;
  parentContactId: string;
  financeGoalVersion: number;
  parentEscalationId: string;
  childEscalationId: string;
  signalId: string;
};

const api = () => request(t.http);

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  const c = caseApi(t);
  const school = await createOrganisation(t.app, { tenantId: f.tenantId, name: 'Basisschool De Linde', kind: 'school' });
  const teacher = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: school.id, roles: ['professional'] });
  const ggz = await createOrganisation(t.app, { tenantId: f.tenantId, name: 'GGZ Midden', kind: 'mental_health' });
  const therapist = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: ggz.id, roles: ['professional'] });
  const as = (token: string) => bearer(token);
  const ok = (res: request.Response, status = 201) => {
    if (res.status !== status) throw new Error(`set-up: ${res.status} ${res.text}`);
    return res.body as Record<string, unknown> & { id: string };
  };

  const { householdId } = await c.caseWithPlan(f);
  ids.householdId = householdId;
  const members = ok(await api().get(`/api/v1/households/${householdId}`).set(as(f.coordinator.token)), 200).members as Array<{ id: string; role: string }>;
  ids.parentId = members.find((m) => m.role === 'parent')!.id;
  ids.childId = members.find((m) => m.role === 'child')!.id;
  ok(await api().patch(`/api/v1/households/${householdId}/members/${ids.childId}`).set(as(f.coordinator.token)).send({ bsn: '111222333' }), 200);
  ok(await api().patch(`/api/v1/households/${householdId}/members/${ids.parentId}`).set(as(f.coordinator.token)).send({ bsn: '123456782' }), 200);

  const etag = async () => (await api().get(`/api/v1/households/${householdId}/plan`).set(as(f.coordinator.token))).headers.etag as string;
  const goal = async (domainCode: string) => ok(await api().post(`/api/v1/households/${householdId}/plan/goals`).set(as(f.coordinator.token)).set('If-Match', await etag()).send({ domainCode, title: `Doel ${domainCode}` }));
  const action = async (goalId: string) =>
    ok(await api().post(`/api/v1/households/${householdId}/plan/goals/${goalId}/actions`).set(as(f.coordinator.token)).set('If-Match', await etag()).send({ description: 'Stap', owner: { type: 'professional', id: f.coordinator.id } }));
  ids.schoolGoalId = (await goal('work_education')).id;
  await action(ids.schoolGoalId);
  ids.financeGoalId = (await goal('finances')).id;
  ids.financeActionId = (await action(ids.financeGoalId)).id;

  const today = new Date().toISOString().slice(0, 10);
  const assess = async (body: Record<string, unknown>) => ok(await api().post(`/api/v1/households/${householdId}/assessments`).set(as(f.coordinator.token)).send({ assessedOn: today, ...body })).id;
  ids.childAssessmentId = await assess({ memberId: ids.childId, scores: [{ domainCode: 'work_education', score: 3 }, { domainCode: 'finances', score: 2 }] });
  ids.parentAssessmentId = await assess({ memberId: ids.parentId, scores: [{ domainCode: 'work_education', score: 3 }] });
  ids.householdAssessmentId = await assess({ scores: [{ domainCode: 'work_education', score: 3 }] });
  const contact = async (memberId: string, note: string) =>
    ok(await api().post(`/api/v1/households/${householdId}/contacts`).set(as(f.coordinator.token)).send({ kind: 'call', occurredAt: new Date(Date.now() - 60_000).toISOString(), note, memberIds: [memberId] })).id;
  ids.childContactId = await contact(ids.childId, 'Gesprek met het kind');
  ids.parentContactId = await contact(ids.parentId, 'Gesprek met de ouder');

  // a resolved escalation about the parent's finances, an open one about the child's schooling
  ids.parentEscalationId = ok(await api().post(`/api/v1/households/${householdId}/escalations`).set(as(f.coordinator.token)).send({ reason: 'Beslag op het loon', domains: ['finances'], memberIds: [ids.parentId] })).id;
  ok(await api().post(`/api/v1/escalations/${ids.parentEscalationId}/resolve`).set(as(f.supervisor.token)).send({ outcome: 'Budgetbeheer' }), 200);
  ids.childEscalationId = ok(await api().post(`/api/v1/households/${householdId}/escalations`).set(as(f.coordinator.token)).send({ reason: 'Schoolverzuim', domains: ['work_education'], memberIds: [ids.childId] })).id;
  // a signal about the child by an organisation not on the care team
  const debt = await createOrganisation(t.app, { tenantId: f.tenantId, name: 'Schuldhulp Stad', kind: 'welfare' });
  const debtWorker = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: debt.id, roles: ['professional'] });
  ids.signalId = ok(await api().post('/api/v1/signals').set(as(debtWorker.token)).send({ postcode: '3512 AB', houseNumber: 12, dateOfBirth: '2014-09-02', category: 'debt', severity: 'medium', note: 'Zorgen' })).id;

  // the readers
  ok(await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' }));
  const schoolConsent = ok(await api().post(`/api/v1/households/${householdId}/consents`).set(as(f.coordinator.token)).send({ organisationId: school.id, memberId: ids.childId, purpose: 'Schoolgang', basis: 'consent', domains: ['work_education'] }));
  ok(
    await linkCareTeam(t, householdId, f.coordinator, {
      organisationId: school.id,
      professionalId: teacher.id,
      role: 'intern begeleider',
      basis: 'consent',
      consentId: schoolConsent.id,
      scope: { domains: ['work_education', 'parenting'], memberIds: [ids.childId], bsn: false, contactNotes: false },
    }),
  );
  const ggzConsent = ok(await api().post(`/api/v1/households/${householdId}/consents`).set(as(f.coordinator.token)).send({ organisationId: ggz.id, memberId: ids.parentId, purpose: 'Behandeling ouder', basis: 'consent' }));
  ok(await linkCareTeam(t, householdId, f.coordinator, { organisationId: ggz.id, professionalId: therapist.id, role: 'ggz', basis: 'consent', consentId: ggzConsent.id }));
  const client = ok(await api().post(`/api/v1/organisations/${school.id}/api-clients`).set(as(f.admin.token)).send({ name: 'Schooladministratie', scopes: ['households:read', 'plan:read'] }));
  const token = await api().post('/api/v1/oauth/token').auth(client.clientId as string, client.clientSecret as string).type('form').send({ grant_type: 'client_credentials' });
  Object.assign(tokens, {
    coordinator: f.coordinator.token,
    supervisor: f.supervisor.token,
    wholeCase: f.partner.token,
    school: teacher.token,
    parentConsent: therapist.token,
    schoolClient: ok(token, 200).access_token as string,
  });

  const revisions = ok(await api().get(`/api/v1/households/${householdId}/plan/revisions?limit=100`).set(as(f.coordinator.token)), 200).items as Array<{ number: number; changes: Array<{ target: string; op: string; id?: string }> }>;
  ids.financeGoalVersion = revisions.find((r) => r.changes.some((x) => x.target === 'goal' && x.id === ids.financeGoalId))!.number;
});

afterAll(async () => {
  await t?.close();
});

/** Reads what the row names, as the reader: shown or hidden. */
async function probe(kind: ScopeProbe, token: string): Promise<ScopeOutcome> {
  const get = (path: string) => api().get(`/api/v1/households/${ids.householdId}${path}`).set(bearer(token));
  const shownIf = (condition: boolean): ScopeOutcome => (condition ? 'shown' : 'hidden');
  const found = async (path: string) => {
    const res = await get(path);
    if (res.status !== 200 && res.status !== 404) throw new Error(`${path}: ${res.status}`);
    return res;
  };
  const plan = async () => (await found('/plan')).body.goals as Array<{ id: string; actions: Array<{ id: string }> }>;
  const members = async () => (await found('')).body.members as Array<{ id: string; hasBsn: boolean | null }>;
  const timeline = async () => (await found('/timeline?limit=100')).body.items as Array<{ type: string; data: Record<string, unknown> }>;
  switch (kind) {
    case 'goalCoveredDomain':
      return shownIf((await plan()).some((g) => g.id === ids.schoolGoalId));
    case 'goalOtherDomain':
      return shownIf((await plan()).some((g) => g.id === ids.financeGoalId));
    case 'actionOtherDomain':
      return shownIf((await plan()).some((g) => g.actions.some((a) => a.id === ids.financeActionId)));
    case 'memberChild':
      return shownIf((await members()).some((m) => m.id === ids.childId));
    case 'memberParent':
      return shownIf((await members()).some((m) => m.id === ids.parentId));
    case 'bsnIndicatorChild':
      return shownIf((await members()).some((m) => m.id === ids.childId && m.hasBsn === true));
    case 'registrationReason': {
      const res = await found('');
      return shownIf(typeof res.body.registrationReason === 'string' && res.body.registrationReason.length > 0);
    }
    case 'registrationReasonInList': {
      const res = await api().get('/api/v1/households?limit=100').set(bearer(token));
      if (res.status !== 200) throw new Error(`GET /households: ${res.status}`);
      const listed = (res.body.items as Array<{ id: string; registrationReason: string | null }>).find((h) => h.id === ids.householdId);
      if (!listed) throw new Error('the household is not in the list');
      return shownIf(typeof listed.registrationReason === 'string' && listed.registrationReason.length > 0);
    }
    case 'assessmentChild':
      return shownIf((await found(`/assessments/${ids.childAssessmentId}`)).status === 200);
    case 'scoreOtherDomain': {
      const res = await found(`/assessments/${ids.childAssessmentId}`);
      return shownIf(res.status === 200 && (res.body.scores as Array<{ domainCode: string }>).some((s) => s.domainCode === 'finances'));
    }
    case 'assessmentParent':
      return shownIf((await found(`/assessments/${ids.parentAssessmentId}`)).status === 200);
    case 'assessmentHousehold':
      return shownIf((await found(`/assessments/${ids.householdAssessmentId}`)).status === 200);
    case 'contactChild':
      return shownIf((await found(`/contacts/${ids.childContactId}`)).status === 200);
    case 'contactParent':
      return shownIf((await found(`/contacts/${ids.parentContactId}`)).status === 200);
    case 'timelineOtherDomain':
      return shownIf((await timeline()).some((e) => e.type === 'plan.updated' && e.data.revision === ids.financeGoalVersion));
    case 'timelineContactParent':
      return shownIf((await timeline()).some((e) => e.type === 'contact.recorded' && JSON.stringify(e.data).includes(ids.parentId)));
    case 'escalationParent': {
      const res = await api().get(`/api/v1/escalations/${ids.parentEscalationId}`).set(bearer(token));
      if (res.status !== 200 && res.status !== 404) throw new Error(`escalation: ${res.status}`);
      return shownIf(res.status === 200);
    }
    case 'escalationListChild':
      return shownIf(((await found('/escalations')).body.items as Array<{ id: string }>).some((e) => e.id === ids.childEscalationId));
    case 'timelineEscalationChild':
      return shownIf((await timeline()).some((e) => e.type === 'escalation.opened' && e.data.escalationId === ids.childEscalationId));
    case 'timelineSignal':
      return shownIf((await timeline()).some((e) => e.type === 'signal.received' && e.data.signalId === ids.signalId));
  }
}

describe('authorization matrix, purpose limitation: every category × reader answers as docs/ACCESS-MATRIX.md says', () => {
  it('0 deviations', async () => {
    const deviations: string[] = [];
    let cells = 0;
    for (const row of SCOPE_ROWS) {
      for (const reader of SCOPE_READERS) {
        const expected = row.expected[reader.key];
        if (expected === 'n/a') continue;
        cells += 1;
        const actual = await probe(row.probe, tokens[reader.key]);
        if (actual !== expected) deviations.push(`${row.probe} as ${reader.key}: expected ${expected}, got ${actual}`);
      }
    }
    expect(deviations).toEqual([]);
    expect(cells).toBeGreaterThan(60);
  });
});
