import type { Job } from 'bullmq';
import request from 'supertest';
import { TransactionHost } from '../../src/database/transaction-host.js';
import { FanOutService } from '../../src/delivery/fanout/fanout.service.js';
import { WebhookDispatcher } from '../../src/delivery/webhooks/webhook-dispatcher.js';
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
 * Purpose limitation (issue 13, item 5): a partner sees the life domains, members and categories its care-team link
 * and the consent it rests on cover — in single reads, lists, the timeline, notifications and webhooks alike.
 * The school sees one child's work and education; youth care, on a link without a scope, the whole case.
 */
let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;
let schoolId: string;
let teacher: UserFixture;

beforeAll(async () => {
  t = await startTestApp({ ...LOCAL_WEBHOOK_RECEIVERS });
  f = await createTenantFixture(t.app);
  c = caseApi(t);
  schoolId = (await createOrganisation(t.app, { tenantId: f.tenantId, name: 'Basisschool De Linde', kind: 'school' })).id;
  teacher = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: schoolId, name: 'Thijs Teacher', roles: ['professional'] });
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);

interface ScopedCase {
  householdId: string;
  parentId: string;
  childId: string;
  financeGoalId: string;
  schoolGoalId: string;
  schoolLinkId: string;
}

async function etagOf(householdId: string): Promise<string> {
  return (await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator))).headers.etag as string;
}

async function addGoal(householdId: string, domainCode: string, title: string): Promise<string> {
  const res = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', await etagOf(householdId)).send({ domainCode, title });
  expect(res.status).toBe(201);
  const action = await api()
    .post(`/api/v1/households/${householdId}/plan/goals/${res.body.id}/actions`)
    .set(bearer(f.coordinator))
    .set('If-Match', res.headers.etag as string)
    .send({ description: `Eerste stap: ${title}`, owner: { type: 'professional', id: f.coordinator.id } });
  expect(action.status).toBe(201);
  return res.body.id as string;
}

/** An action of the school's goal (work and education) owned by the parent, whom the school may not see. */
async function parentOwnedAction(s: ScopedCase, description: string): Promise<{ body: { id: string } }> {
  const res = await api()
    .post(`/api/v1/households/${s.householdId}/plan/goals/${s.schoolGoalId}/actions`)
    .set(bearer(f.coordinator))
    .set('If-Match', await etagOf(s.householdId))
    .send({ description, owner: { type: 'member', id: s.parentId } });
  expect(res.status).toBe(201);
  return res as { body: { id: string } };
}

/**
 * A case with two goals (finances, work and education), youth care on the team without a scope, and the school's
 * teacher on a link for the child's work and education and parenting, resting on a consent for the child and
 * work and education only — so the school sees work and education of the child, nothing else.
 */
async function scopedCase(): Promise<ScopedCase> {
  const { householdId } = await c.caseWithPlan(f);
  const members = (await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).body.members as Array<{ id: string; role: string }>;
  const parentId = members.find((m) => m.role === 'parent')!.id;
  const childId = members.find((m) => m.role === 'child')!.id;
  await api().patch(`/api/v1/households/${householdId}/members/${childId}`).set(bearer(f.coordinator)).send({ bsn: '111222333' });
  const financeGoalId = await addGoal(householdId, 'finances', 'Schulden in beeld');
  const schoolGoalId = await addGoal(householdId, 'work_education', 'Noah gaat weer naar school');
  expect((await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' })).status).toBe(201);
  const consent = await api()
    .post(`/api/v1/households/${householdId}/consents`)
    .set(bearer(f.coordinator))
    .send({ organisationId: schoolId, memberId: childId, purpose: 'Schoolgang van Noah', basis: 'consent', domains: ['work_education'] });
  expect(consent.status).toBe(201);
  expect(consent.body).toMatchObject({ memberId: childId, domains: ['work_education'] });
  const link = await linkCareTeam(t, householdId, f.coordinator, {
    organisationId: schoolId,
    professionalId: teacher.id,
    role: 'intern begeleider',
    basis: 'consent',
    consentId: consent.body.id,
    scope: { domains: ['work_education', 'parenting'], memberIds: [childId], bsn: false, contactNotes: false },
  });
  expect(link.status).toBe(201);
  expect(link.body.scope).toEqual({ domains: ['work_education', 'parenting'], memberIds: [childId], bsn: false, contactNotes: false });
  return { householdId, parentId, childId, financeGoalId, schoolGoalId, schoolLinkId: link.body.id as string };
}

const goalsOf = async (householdId: string, as: UserFixture) =>
  ((await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(as))).body.goals as Array<{ id: string; domainCode: string; actions: unknown[] }>);

describe('a narrowed partner (the school) and a partner of the whole case (youth care)', () => {
  it('the school reads only the child, without BSN indicator, and only the goals of work and education', async () => {
    const s = await scopedCase();
    const asTeacher = await api().get(`/api/v1/households/${s.householdId}`).set(bearer(teacher));
    expect(asTeacher.status).toBe(200);
    expect(asTeacher.body.members).toEqual([expect.objectContaining({ id: s.childId, hasBsn: null })]);
    const asYouthCare = await api().get(`/api/v1/households/${s.householdId}`).set(bearer(f.partner));
    expect((asYouthCare.body.members as Array<{ id: string; hasBsn: boolean }>).map((m) => [m.id, m.hasBsn]).sort()).toEqual([[s.childId, true], [s.parentId, false]].sort());

    const schoolGoals = await goalsOf(s.householdId, teacher);
    expect(schoolGoals.map((g) => g.id)).toEqual([s.schoolGoalId]);
    expect(schoolGoals[0]!.actions).toHaveLength(1);
    expect((await goalsOf(s.householdId, f.partner)).map((g) => g.id).sort()).toEqual([s.financeGoalId, s.schoolGoalId].sort());
    expect((await goalsOf(s.householdId, f.coordinator)).map((g) => g.id).sort()).toEqual([s.financeGoalId, s.schoolGoalId].sort());

    // lists apply the same rule
    const list = await api().get('/api/v1/households').set(bearer(teacher));
    const listed = (list.body.items as Array<{ id: string; members: Array<{ id: string }> }>).find((h) => h.id === s.householdId)!;
    expect(listed.members.map((m) => m.id)).toEqual([s.childId]);
    // a search by a member's name finds the household only through a member the reader sees
    const search = async (as: UserFixture, text: string) =>
      ((await api().get('/api/v1/households').query({ text, limit: 100 }).set(bearer(as))).body.items as Array<{ id: string }>).some((h) => h.id === s.householdId);
    expect([await search(teacher, 'Noah'), await search(teacher, 'Samira')]).toEqual([true, false]);
    expect([await search(f.partner, 'Noah'), await search(f.partner, 'Samira')]).toEqual([true, true]);

    // a plan revision shows the school no goal of another domain
    const revisions = await api().get(`/api/v1/households/${s.householdId}/plan/revisions`).set(bearer(teacher));
    const changedIds = (revisions.body.items as Array<{ changes: Array<{ target: string; id?: string }> }>).flatMap((r) => r.changes.filter((x) => x.target === 'goal').map((x) => x.id));
    expect(changedIds).toContain(s.schoolGoalId);
    expect(changedIds).not.toContain(s.financeGoalId);
    const latest = await api().get(`/api/v1/households/${s.householdId}/plan/revisions/5`).set(bearer(teacher));
    expect((latest.body.snapshot.goals as Array<{ id: string }>).map((g) => g.id)).toEqual([s.schoolGoalId]);

    // the family's own words and the notes on its network and resources are notes of the whole household: a school
    // linked for one child's schooling does not read of the mother's debts (an outside run did)
    const words = await api()
      .patch(`/api/v1/households/${s.householdId}/plan`)
      .set(bearer(f.coordinator))
      .set('If-Match', await etagOf(s.householdId))
      .send({
        familyWishes: 'Moeder wil van haar schulden af',
        familyStrengths: 'Veerkrachtig gezin',
        networkMembers: [{ name: 'Oma Joke', relation: 'grootmoeder', support: 'Vangt op bij terugval van moeder' }],
        communityResources: [{ name: 'Budgetcursus', kind: 'cursus', note: 'Voor de schulden van moeder' }],
      });
    expect(words.status).toBe(200);
    const planOf = async (as: UserFixture) => (await api().get(`/api/v1/households/${s.householdId}/plan`).set(bearer(as))).body as Record<string, unknown>;
    const notes = (plan: Record<string, unknown>) => ({
      familyWishes: plan.familyWishes,
      familyStrengths: plan.familyStrengths,
      network: (plan.networkMembers as Array<{ name: string; support: string | null }>).map((n) => [n.name, n.support]),
      resources: (plan.communityResources as Array<{ name: string; note: string | null }>).map((r) => [r.name, r.note]),
    });
    const hidden = { familyWishes: null, familyStrengths: null, network: [['Oma Joke', null]], resources: [['Budgetcursus', null]] };
    expect(notes(await planOf(teacher))).toEqual(hidden);
    for (const whole of [f.partner, f.coordinator]) expect(notes(await planOf(whole))).toMatchObject({ familyWishes: 'Moeder wil van haar schulden af', network: [['Oma Joke', 'Vangt op bij terugval van moeder']] });
    const revision = await api().get(`/api/v1/households/${s.householdId}/plan/revisions/${words.body.version as number}`).set(bearer(teacher));
    expect(notes(revision.body.snapshot as Record<string, unknown>)).toEqual(hidden);
  });

  it('scores of other domains and members, and contact notes, stay hidden from the school; its writes stay inside its scope', async () => {
    const s = await scopedCase();
    const today = new Date().toISOString().slice(0, 10);
    const record = (body: Record<string, unknown>, as = f.coordinator) => api().post(`/api/v1/households/${s.householdId}/assessments`).set(bearer(as)).send({ assessedOn: today, ...body });
    const child = await record({ memberId: s.childId, scores: [{ domainCode: 'finances', score: 2 }, { domainCode: 'work_education', score: 4 }] });
    const parent = await record({ memberId: s.parentId, scores: [{ domainCode: 'work_education', score: 3 }] });
    const whole = await record({ scores: [{ domainCode: 'work_education', score: 3 }] });
    expect([child.status, parent.status, whole.status]).toEqual([201, 201, 201]);

    const seen = await api().get(`/api/v1/households/${s.householdId}/assessments`).set(bearer(teacher));
    expect(seen.body.items).toEqual([expect.objectContaining({ id: child.body.id, scores: [{ domainCode: 'work_education', score: 4 }], total: 4 })]);
    expectProblem(await api().get(`/api/v1/households/${s.householdId}/assessments/${parent.body.id}`).set(bearer(teacher)), 404, 'ASSESSMENT_NOT_FOUND');
    expect((await api().get(`/api/v1/households/${s.householdId}/assessments/${parent.body.id}`).set(bearer(f.partner))).status).toBe(200);
    expect((await api().get(`/api/v1/households/${s.householdId}/assessments`).set(bearer(f.partner))).body.items).toHaveLength(3);

    const contact = await api()
      .post(`/api/v1/households/${s.householdId}/contacts`)
      .set(bearer(f.coordinator))
      .send({ kind: 'home_visit', occurredAt: new Date(Date.now() - 60_000).toISOString(), note: 'Gesprek met Noah over school', memberIds: [s.childId] });
    expect(contact.status).toBe(201);
    expect((await api().get(`/api/v1/households/${s.householdId}/contacts`).set(bearer(teacher))).body.items).toEqual([]);
    expectProblem(await api().get(`/api/v1/households/${s.householdId}/contacts/${contact.body.id}`).set(bearer(teacher)), 404, 'CONTACT_NOT_FOUND');
    expect((await api().get(`/api/v1/households/${s.householdId}/contacts/${contact.body.id}`).set(bearer(f.partner))).body.note).toBe('Gesprek met Noah over school');

    // writes: a contact note, a domain or a household-wide score outside the scope are refused; a member outside it is unknown
    expectProblem(
      await api().post(`/api/v1/households/${s.householdId}/contacts`).set(bearer(teacher)).send({ kind: 'call', occurredAt: new Date(Date.now() - 60_000).toISOString(), note: 'Gebeld', memberIds: [s.childId] }),
      403,
      'OUTSIDE_SCOPE',
    );
    expectProblem(await record({ memberId: s.childId, scores: [{ domainCode: 'finances', score: 3 }] }, teacher), 403, 'OUTSIDE_SCOPE');
    expectProblem(await record({ scores: [{ domainCode: 'work_education', score: 3 }] }, teacher), 403, 'OUTSIDE_SCOPE');
    expectProblem(await record({ memberId: s.parentId, scores: [{ domainCode: 'work_education', score: 3 }] }, teacher), 422, 'MEMBER_NOT_IN_HOUSEHOLD');
    expect((await record({ memberId: s.childId, scores: [{ domainCode: 'work_education', score: 5 }] }, teacher)).status).toBe(201);
  });

  it("the school's timeline leaves out entries of other domains, other members and contact notes", async () => {
    const s = await scopedCase();
    const today = new Date().toISOString().slice(0, 10);
    await api().post(`/api/v1/households/${s.householdId}/assessments`).set(bearer(f.coordinator)).send({ assessedOn: today, memberId: s.parentId, scores: [{ domainCode: 'work_education', score: 3 }] });
    await api().post(`/api/v1/households/${s.householdId}/assessments`).set(bearer(f.coordinator)).send({ assessedOn: today, memberId: s.childId, scores: [{ domainCode: 'work_education', score: 3 }] });
    await api()
      .post(`/api/v1/households/${s.householdId}/contacts`)
      .set(bearer(f.coordinator))
      .send({ kind: 'call', occurredAt: new Date(Date.now() - 60_000).toISOString(), note: 'Gebeld', memberIds: [s.childId] });
    type Entry = { type: string; data: Record<string, unknown> };
    const timeline = async (as: UserFixture) => ((await api().get(`/api/v1/households/${s.householdId}/timeline?limit=100`).set(bearer(as))).body.items as Entry[]);
    const forSchool = await timeline(teacher);
    const forYouthCare = await timeline(f.partner);
    const count = (entries: Entry[], type: string) => entries.filter((e) => e.type === type).length;
    expect(count(forYouthCare, 'contact.recorded')).toBe(1);
    expect(count(forSchool, 'contact.recorded')).toBe(0);
    expect(count(forYouthCare, 'assessment.recorded')).toBe(2);
    expect(count(forSchool, 'assessment.recorded')).toBe(1);
    // plan changes: the school sees the creation and the changes to its own goal, not those to the finance goal
    expect(count(forYouthCare, 'plan.updated')).toBe(4);
    expect(count(forSchool, 'plan.updated')).toBe(2);
    // case-level entries reach everyone involved
    expect(count(forSchool, 'care_team.changed')).toBe(count(forYouthCare, 'care_team.changed'));
  });
});

describe('what the school reads about the rest of the case', () => {
  it("no cursor to hidden rows, no hidden member as an action's owner; an assessment's total on the timeline counts only the scores it may see; why a link ended and other links' hidden members stay hidden", async () => {
    const s = await scopedCase();
    const today = new Date().toISOString().slice(0, 10);
    const scores = [{ domainCode: 'work_education', score: 3 }, { domainCode: 'finances', score: 1 }, { domainCode: 'parenting', score: 5 }];
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const older = await api().post(`/api/v1/households/${s.householdId}/assessments`).set(bearer(f.coordinator)).send({ assessedOn: yesterday, memberId: s.parentId, scores: [{ domainCode: 'work_education', score: 2 }] });
    const assessment = await api().post(`/api/v1/households/${s.householdId}/assessments`).set(bearer(f.coordinator)).send({ assessedOn: today, memberId: s.childId, scores });
    expect([older.status, assessment.status]).toEqual([201, 201]);
    // a page as long as what the school may see has no next cursor: one would tell that the parent's assessment exists
    const firstPage = await api().get(`/api/v1/households/${s.householdId}/assessments?limit=1`).set(bearer(teacher));
    expect(firstPage.body).toEqual({ items: [expect.objectContaining({ id: assessment.body.id })], nextCursor: null });
    expect((await api().get(`/api/v1/households/${s.householdId}/assessments?limit=1`).set(bearer(f.partner))).body.nextCursor).not.toBeNull();
    // a mental-health link for the parent only, and a link that ends with a reason
    const ggzId = (await createOrganisation(t.app, { tenantId: f.tenantId, name: 'GGZ Midden', kind: 'mental_health' })).id;
    const ggz = await linkCareTeam(t, s.householdId, f.coordinator, { organisationId: ggzId, role: 'behandelaar', basis: 'consent', scope: { memberIds: [s.parentId] } });
    expect(ggz.status).toBe(201);
    const crisisId = (await createOrganisation(t.app, { tenantId: f.tenantId, name: 'Crisisdienst', kind: 'mental_health' })).id;
    const ended = await linkCareTeam(t, s.householdId, f.coordinator, { organisationId: crisisId, role: 'crisisdienst', basis: 'consent' });
    expect(ended.status).toBe(201);
    const endedRes = await api().delete(`/api/v1/households/${s.householdId}/care-team/${ended.body.id}`).query({ reason: 'Dreiging door vader' }).set(bearer(f.coordinator));
    expect([endedRes.status, endedRes.body]).toEqual([204, {}]);

    // an action of the school's goal that the parent owns: the school sees the action, not whose id it is
    const owned = await parentOwnedAction(s, 'Vader belt de mentor');
    const ownerAs = async (as: UserFixture) =>
      ((await api().get(`/api/v1/households/${s.householdId}/plan`).set(bearer(as))).body.goals as Array<{ actions: Array<{ id: string; owner: unknown }> }>).flatMap((g) => g.actions).find((a) => a.id === owned.body.id)?.owner;
    expect(await ownerAs(f.partner)).toEqual({ type: 'member', id: s.parentId });
    expect(await ownerAs(teacher)).toEqual({ type: 'member', id: null });
    const revisions = await api().get(`/api/v1/households/${s.householdId}/plan/revisions?limit=1`).set(bearer(teacher));
    const snapshot = await api().get(`/api/v1/households/${s.householdId}/plan/revisions/${revisions.body.items[0].number}`).set(bearer(teacher));
    expect((snapshot.body.snapshot.goals as Array<{ actions: Array<{ id: string; owner: unknown }> }>).flatMap((g) => g.actions).find((a) => a.id === owned.body.id)?.owner).toEqual({ type: 'member', id: null });

    type Entry = { type: string; data: Record<string, unknown> };
    const timeline = async (as: UserFixture) => ((await api().get(`/api/v1/households/${s.householdId}/timeline?limit=100`).set(bearer(as))).body.items as Entry[]);
    const assessed = (entries: Entry[]) => entries.find((e) => e.type === 'assessment.recorded' && e.data.assessmentId === assessment.body.id)?.data;
    const endedEntry = (entries: Entry[]) => entries.find((e) => e.type === 'care_team.changed' && e.data.linkId === ended.body.id && e.data.change === 'ended')?.data;
    const [forSchool, forYouthCare] = [await timeline(teacher), await timeline(f.partner)];
    expect(assessed(forYouthCare)).toMatchObject({ total: 9, domainCount: 3 });
    // work and education and parenting are the school's domains, but its consent covers work and education only
    expect(assessed(forSchool)).toMatchObject({ total: 3, domainCount: 1 });
    expect(endedEntry(forYouthCare)).toMatchObject({ endReason: 'Dreiging door vader' });
    expect(endedEntry(forSchool)).toMatchObject({ endReason: null });

    // a consent for the whole household but only for finances names a purpose of a domain the school does not see
    const debts = await api().post(`/api/v1/households/${s.householdId}/consents`).set(bearer(f.coordinator)).send({ organisationId: crisisId, purpose: 'Schuldsanering', basis: 'consent', domains: ['finances'] });
    expect(debts.status).toBe(201);
    const consentsOf = async (as: UserFixture) => (await api().get(`/api/v1/households/${s.householdId}/consents?limit=100`).set(bearer(as))).body.items as Array<{ id: string; withdrawalReason: string | null }>;
    expect((await consentsOf(f.partner)).map((c) => c.id)).toContain(debts.body.id);
    expect((await consentsOf(teacher)).map((c) => c.id)).not.toContain(debts.body.id);
    // a consent of the whole household the school may list: why it was withdrawn is a case note of the household
    const whole = await api().post(`/api/v1/households/${s.householdId}/consents`).set(bearer(f.coordinator)).send({ organisationId: crisisId, purpose: 'Crisisopvang', basis: 'consent' });
    expect((await api().post(`/api/v1/households/${s.householdId}/consents/${whole.body.id}/withdraw`).set(bearer(f.coordinator)).send({ reason: 'Moeder wil geen contact meer' })).status).toBe(200);
    expect((await consentsOf(f.partner)).find((c) => c.id === whole.body.id)?.withdrawalReason).toBe('Moeder wil geen contact meer');
    expect((await consentsOf(teacher)).find((c) => c.id === whole.body.id)).toMatchObject({ withdrawalReason: null });

    type Link = { id: string; endReason: string | null; scope: { memberIds: string[] | null } };
    const links = async (as: UserFixture) => ((await api().get(`/api/v1/households/${s.householdId}/care-team?includeEnded=true`).set(bearer(as))).body.items as Link[]);
    const [schoolSees, youthCareSees] = [await links(teacher), await links(f.partner)];
    expect(youthCareSees.find((l) => l.id === ended.body.id)?.endReason).toBe('Dreiging door vader');
    expect(schoolSees.find((l) => l.id === ended.body.id)?.endReason).toBeNull();
    expect(youthCareSees.find((l) => l.id === ggz.body.id)?.scope.memberIds).toEqual([s.parentId]);
    expect(schoolSees.find((l) => l.id === ggz.body.id)?.scope.memberIds).toEqual([]);
    expect(schoolSees.find((l) => l.id === s.schoolLinkId)?.scope.memberIds).toEqual([s.childId]);
  });
});

describe('a consent for one member', () => {
  it('opens only that member, even on a link without a scope of its own', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const members = (await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).body.members as Array<{ id: string; role: string }>;
    const parentId = members.find((m) => m.role === 'parent')!.id;
    const childId = members.find((m) => m.role === 'child')!.id;
    const consent = await api()
      .post(`/api/v1/households/${householdId}/consents`)
      .set(bearer(f.coordinator))
      .send({ organisationId: f.partnerOrganisationId, memberId: parentId, purpose: 'GGZ-behandeling van moeder', basis: 'consent' });
    expect((await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'ggz', basis: 'consent', consentId: consent.body.id })).status).toBe(201);

    const household = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.partner));
    expect((household.body.members as Array<{ id: string }>).map((m) => m.id)).toEqual([parentId]);
    const note = (memberIds: string[], text: string) =>
      api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).send({ kind: 'call', occurredAt: new Date(Date.now() - 60_000).toISOString(), note: text, memberIds });
    await note([parentId], 'Alleen moeder');
    await note([parentId, childId], 'Moeder en kind');
    await note([], 'Het hele gezin');
    const notes = (await api().get(`/api/v1/households/${householdId}/contacts`).set(bearer(f.partner))).body.items as Array<{ note: string }>;
    expect(notes.map((n) => n.note)).toEqual(['Alleen moeder']);
    // a consent given for another member (its purpose may name a treatment) is not listed to the school of the child
    const other = await api()
      .post(`/api/v1/households/${householdId}/consents`)
      .set(bearer(f.coordinator))
      .send({ organisationId: schoolId, memberId: childId, purpose: 'Schoolgang van Noah', basis: 'consent' });
    expect((await linkCareTeam(t, householdId, f.coordinator, { organisationId: schoolId, professionalId: teacher.id, role: 'school', basis: 'consent', consentId: other.body.id })).status).toBe(201);
    const consentsSeen = async (as: UserFixture) => ((await api().get(`/api/v1/households/${householdId}/consents`).set(bearer(as))).body.items as Array<{ id: string }>).map((x) => x.id).sort();
    expect(await consentsSeen(teacher)).toEqual([other.body.id]);
    expect(await consentsSeen(f.partner)).toEqual([consent.body.id]);
    expect(await consentsSeen(f.coordinator)).toEqual([consent.body.id, other.body.id].sort());
    // another professional of the same organisation on no link sees nothing at all
    expectProblem(await api().get(`/api/v1/households/${householdId}`).set(bearer(f.secondPartner)), 404);
  });
});

describe('changing what a link covers', () => {
  it('the coordinator narrows and widens a link; bad domains and members are refused, by the API and the database', async () => {
    const s = await scopedCase();
    const linkPath = `/api/v1/households/${s.householdId}/care-team/${s.schoolLinkId}/scope`;
    expectProblem(await api().put(linkPath).set(bearer(teacher)).send({}), 403, 'NOT_ALLOWED_FOR_HOUSEHOLD');
    expectProblem(await api().put(linkPath).set(bearer(f.coordinator)).send({ domains: ['astrology'] }), 422, 'UNKNOWN_LIFE_DOMAIN');
    const elsewhere = await c.registerHousehold(f.coordinator);
    const strangerId = ((await api().get(`/api/v1/households/${elsewhere}`).set(bearer(f.coordinator))).body.members as Array<{ id: string }>)[0]!.id;
    expectProblem(await api().put(linkPath).set(bearer(f.coordinator)).send({ memberIds: [strangerId] }), 422, 'MEMBER_NOT_IN_HOUSEHOLD');
    expectProblem(await api().put(linkPath).set(bearer(f.coordinator)).send({ domains: 'finances' }), 400);

    // widened to every domain and member: the consent it rests on still holds it to the child's work and education
    const widened = await api().put(linkPath).set(bearer(f.coordinator)).send({});
    expect(widened.status).toBe(200);
    expect(widened.body.scope).toEqual({ domains: null, memberIds: null, bsn: true, contactNotes: true });
    expect((await goalsOf(s.householdId, teacher)).map((g) => g.id)).toEqual([s.schoolGoalId]);
    const members = (await api().get(`/api/v1/households/${s.householdId}`).set(bearer(teacher))).body.members as Array<{ id: string; hasBsn: boolean | null }>;
    expect(members).toEqual([expect.objectContaining({ id: s.childId, hasBsn: true })]);

    // narrowed to parenting: no goal left for the school
    expect((await api().put(linkPath).set(bearer(f.coordinator)).send({ domains: ['parenting'] })).status).toBe(200);
    expect(await goalsOf(s.householdId, teacher)).toEqual([]);
    const [event] = await db().query<Array<{ payload: Record<string, unknown> }>>(
      `SELECT payload FROM outbox_event WHERE aggregate_id = $1 AND type = 'care_team.changed' ORDER BY id DESC LIMIT 1`,
      [s.schoolLinkId],
    );
    expect(event!.payload).toMatchObject({ change: 'rescoped', organisationId: schoolId, professionalId: teacher.id });

    await expect(db().query(`UPDATE care_team_link SET scope_domains = ARRAY['astrology'] WHERE id = $1`, [s.schoolLinkId])).rejects.toThrow(/life domain/);
    await expect(db().query(`UPDATE care_team_link SET scope_member_ids = ARRAY[$2::uuid] WHERE id = $1`, [s.schoolLinkId, strangerId])).rejects.toThrow(/member outside the household/);
  });
});

describe('notifications and webhooks', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());
  const received = () => receiver.received.map((r) => ({ path: r.path, body: JSON.parse(r.body) as { type: string; data: Record<string, unknown> } }));

  async function subscribe(organisationId: string): Promise<string> {
    const url = `${receiver.origin}/${organisationId}`;
    const res = await api().post(`/api/v1/organisations/${organisationId}/webhooks`).set(bearer(f.admin)).send({ url, eventTypes: ['*'] });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function fanOutLatest(householdId: string, type: string): Promise<string> {
    // ordered by the column: `ORDER BY id` would sort the text alias ('9' after '13')
    const [event] = await db().query<Array<{ id: string }>>(`SELECT id::text AS id FROM outbox_event WHERE household_id = $1 AND type = $2 ORDER BY outbox_event.id DESC LIMIT 1`, [householdId, type]);
    // as the fan-out job runs it: system work on the worker pool
    const tx = t.app.get(TransactionHost);
    await tx.runAsSystem(() => t.app.get(FanOutService).fanOut(event!.id));
    return event!.id;
  }

  /** Sends every webhook delivery of the event, as the worker's dispatcher does. */
  async function deliverAll(eventId: string): Promise<void> {
    const deliveries = await db().query<Array<{ id: string }>>('SELECT id FROM webhook_delivery WHERE event_id = $1', [eventId]);
    const tx = t.app.get(TransactionHost);
    for (const d of deliveries) await tx.runAsSystem(() => t.app.get(WebhookDispatcher).deliver({ data: { deliveryId: d.id }, attemptsMade: 0, opts: {} } as unknown as Job<{ deliveryId: string }>));
  }

  const told = async (eventId: string, professionalId: string) =>
    (await db().query<unknown[]>('SELECT 1 FROM notification WHERE event_id = $1 AND professional_id = $2', [eventId, professionalId])).length > 0;
  const delivered = async (eventId: string, subscriptionId: string) =>
    (await db().query<unknown[]>('SELECT 1 FROM webhook_delivery WHERE event_id = $1 AND subscription_id = $2', [eventId, subscriptionId])).length > 0;

  it('tell a partner only about changes its scope covers, in the inbox and by webhook alike', async () => {
    const s = await scopedCase();
    const schoolHook = await subscribe(schoolId);
    const youthHook = await subscribe(f.partnerOrganisationId);
    const changeGoal = async (goalId: string, title: string) =>
      expect((await api().patch(`/api/v1/households/${s.householdId}/plan/goals/${goalId}`).set(bearer(f.coordinator)).set('If-Match', await etagOf(s.householdId)).send({ title })).status).toBe(200);

    await changeGoal(s.financeGoalId, 'Schulden op een rij');
    const finance = await fanOutLatest(s.householdId, 'plan.updated');
    expect([await told(finance, teacher.id), await delivered(finance, schoolHook)]).toEqual([false, false]);
    expect([await told(finance, f.partner.id), await delivered(finance, youthHook)]).toEqual([true, true]);

    await changeGoal(s.schoolGoalId, 'Noah gaat elke dag naar school');
    const school = await fanOutLatest(s.householdId, 'plan.updated');
    expect([await told(school, teacher.id), await delivered(school, schoolHook)]).toEqual([true, true]);
    const [payload] = await db().query<Array<{ payload: { domainCodes: string[] } }>>('SELECT payload FROM outbox_event WHERE id = $1', [school]);
    expect(payload!.payload.domainCodes).toEqual(['work_education']);

    // a member's data: the parent's assessment reaches youth care, not the school
    await api().post(`/api/v1/households/${s.householdId}/assessments`).set(bearer(f.coordinator)).send({ assessedOn: new Date().toISOString().slice(0, 10), memberId: s.parentId, scores: [{ domainCode: 'work_education', score: 2 }] });
    const scored = await fanOutLatest(s.householdId, 'assessment.recorded');
    expect([await delivered(scored, schoolHook), await delivered(scored, youthHook)]).toEqual([false, true]);

    // the withdrawal of a consent given for the parent (its purpose may name a treatment) is the parent's news
    const ggzId = (await createOrganisation(t.app, { tenantId: f.tenantId, name: 'GGZ Oost', kind: 'mental_health' })).id;
    const parentConsent = await api()
      .post(`/api/v1/households/${s.householdId}/consents`)
      .set(bearer(f.coordinator))
      .send({ organisationId: ggzId, memberId: s.parentId, purpose: 'Behandeling', basis: 'consent' });
    expect(parentConsent.status).toBe(201);
    expect((await api().post(`/api/v1/households/${s.householdId}/consents/${parentConsent.body.id}/withdraw`).set(bearer(f.coordinator)).send({ reason: 'Ingetrokken' })).status).toBe(200);
    const withdrawn = await fanOutLatest(s.householdId, 'consent.withdrawn');
    expect([await delivered(withdrawn, schoolHook), await delivered(withdrawn, youthHook)]).toEqual([false, true]);

    // an action of the school's goal given to the parent: the school hears of it without the parent's id
    const given = await parentOwnedAction(s, 'Vader belt de school');
    await deliverAll(await fanOutLatest(s.householdId, 'action.assigned'));
    const assignedTo = (organisationId: string) => received().find((r) => r.path === `/${organisationId}` && r.body.type === 'action.assigned' && r.body.data.actionId === given.body.id)?.body.data;
    expect(assignedTo(f.partnerOrganisationId)).toMatchObject({ ownerType: 'member', ownerId: s.parentId });
    expect(assignedTo(schoolId)).toMatchObject({ ownerType: 'member', ownerId: null });

    // a payload names only the domains the organisation's links cover (the dispatcher as the worker runs it) — each
    // link for what it covers: a second teacher's link for the parent's finances adds nothing to news about the child
    const mentor = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: schoolId, name: 'Mira Mentor', roles: ['professional'] });
    const parentLink = await linkCareTeam(t, s.householdId, f.coordinator, { organisationId: schoolId, professionalId: mentor.id, role: 'mentor ouder', basis: 'consent', scope: { domains: ['finances'], memberIds: [s.parentId] } });
    expect(parentLink.status).toBe(201);
    await api()
      .post(`/api/v1/households/${s.householdId}/assessments`)
      .set(bearer(f.coordinator))
      .send({ assessedOn: new Date().toISOString().slice(0, 10), memberId: s.childId, scores: [{ domainCode: 'finances', score: 2 }, { domainCode: 'work_education', score: 4 }] });
    await deliverAll(await fanOutLatest(s.householdId, 'assessment.recorded'));
    const payloadFor = (organisationId: string) => received().find((r) => r.path === `/${organisationId}` && r.body.type === 'assessment.recorded')?.body.data;
    expect(payloadFor(schoolId)).toMatchObject({ memberId: s.childId, domainCodes: ['work_education'] });
    expect(payloadFor(f.partnerOrganisationId)).toMatchObject({ memberId: s.childId, domainCodes: ['finances', 'work_education'] });

    // a change of the child's BSN alone is news of the BSN, which the school's link does not open
    expect((await api().patch(`/api/v1/households/${s.householdId}/members/${s.childId}`).set(bearer(f.coordinator)).send({ bsn: '123456782' })).status).toBe(200);
    const bsnChanged = await fanOutLatest(s.householdId, 'member.updated');
    expect([await delivered(bsnChanged, schoolHook), await delivered(bsnChanged, youthHook)]).toEqual([false, true]);

    // the inbox the teacher reads says the same
    const inbox = await api().get('/api/v1/me/notifications').set(bearer(teacher));
    const eventIds = (inbox.body.items as Array<{ data: Record<string, unknown>; type: string }>).filter((n) => n.type === 'plan.updated');
    expect(eventIds).toHaveLength(1);
  });
});
