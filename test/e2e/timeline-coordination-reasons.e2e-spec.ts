import request from 'supertest';
import { bearer, createProfessional, createTenantFixture, startTestApp, type TenantFixture, type TestApp, type UserFixture } from './harness/index.js';
import { linkCareTeam } from './support/care-team.js';
import { caseApi } from './support/case.js';

/**
 * An outside tester's report: the timeline showed, on a step-down, why the assignment had started, not why it ended;
 * nothing on a proposed or declined hand-over; and nothing on a step-down whose assignment's entry was on another
 * page. Each coordination entry shows its own reason, whatever else is on its page.
 */

let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  c = caseApi(t);
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);

interface Entry {
  id: string;
  type: string;
  data: { reason?: string | null; coordinator?: { professionalId: string } | null; previousCoordinator?: { professionalId: string } | null };
}

async function ok(req: PromiseLike<request.Response>, status = 200): Promise<request.Response> {
  const res = await req;
  if (res.status !== status) throw new Error(`${res.status} ${res.text}`);
  return res;
}

/** Every entry of the timeline of the given types, fetched `limit` at a time, and how many pages that took. */
async function allPages(householdId: string, as: UserFixture, limit: number, types: string): Promise<{ entries: Entry[]; pages: number }> {
  const entries: Entry[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await ok(api().get(`/api/v1/households/${householdId}/timeline?types=${types}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(as)));
    entries.push(...(res.body.items as Entry[]));
    cursor = res.body.nextCursor as string | null;
    pages++;
  } while (cursor);
  return { entries, pages };
}

const COORDINATION = ['coordinator.assigned', 'coordinator.handed_over', 'coordinator.handover_proposed', 'coordinator.handover_declined', 'coordinator.stepped_down'].join(',');
const reasons = (entries: Entry[]) => entries.map((e) => [e.type, e.data.reason]);

describe('the reasons of coordination entries on the timeline', () => {
  it('proposed, declined, proposed again, accepted, stepped down: each entry its own reason, on any page and for a narrowed partner too', async () => {
    const safa = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, name: 'Safa Regisseur', roles: ['coordinator'] });
    const june = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, name: 'June Regisseur', roles: ['coordinator'] });
    const householdId = await c.registerHousehold(f.supervisor);
    await c.assignCoordinator(f.supervisor, householdId, safa, 'Wijkteam pakt op');
    // a partner narrowed to one domain, without contact notes: coordination concerns the case as a whole, its reasons reach everyone involved
    await ok(
      linkCareTeam(t, householdId, safa, {
        organisationId: f.partnerOrganisationId,
        professionalId: f.partner.id,
        role: 'jeugdhulp',
        basis: 'consent',
        scope: { domains: ['work_education'], contactNotes: false },
      }),
      201,
    );

    const propose = () => ok(api().post(`/api/v1/households/${householdId}/coordination/handovers`).set(bearer(safa)).send({ toProfessionalId: june.id, reason: 'Caseload te hoog' }), 201);
    const first = await propose();
    await ok(api().post(`/api/v1/coordination/handovers/${first.body.id as string}/decline`).set(bearer(june)).send({ reason: 'Geen ruimte' }));
    const second = await propose();
    await ok(api().post(`/api/v1/coordination/handovers/${second.body.id as string}/accept`).set(bearer(june)).send({}));
    await ok(api().post(`/api/v1/households/${householdId}/coordination/step-down`).set(bearer(june)).send({ reason: 'Langdurig ziek' }));

    const expected = [
      ['coordinator.stepped_down', 'Langdurig ziek'],
      ['coordinator.handed_over', 'Caseload te hoog'],
      ['coordinator.handover_proposed', 'Caseload te hoog'],
      ['coordinator.handover_declined', 'Geen ruimte'],
      ['coordinator.handover_proposed', 'Caseload te hoog'],
      ['coordinator.assigned', 'Wijkteam pakt op'],
    ];
    // the history of assignments agrees: why June's assignment ended is why she stepped down
    const history = await ok(api().get(`/api/v1/households/${householdId}/coordinator/history`).set(bearer(f.supervisor)));
    expect(history.body.items[0]).toMatchObject({ professionalId: june.id, reason: 'Caseload te hoog', endReason: 'Langdurig ziek' });

    for (const limit of [100, 1, 2, 3, 4]) {
      const { entries, pages } = await allPages(householdId, f.supervisor, limit, COORDINATION);
      expect(pages).toBe(Math.ceil(expected.length / limit));
      expect(reasons(entries)).toEqual(expected);
    }
    const { entries } = await allPages(householdId, f.supervisor, 100, COORDINATION);
    expect(entries.map((e) => [e.data.coordinator?.professionalId ?? null, e.data.previousCoordinator?.professionalId ?? null])).toEqual([
      [null, june.id],
      [june.id, safa.id],
      [june.id, safa.id],
      [null, safa.id],
      [june.id, safa.id],
      [safa.id, null],
    ]);

    // the unfiltered timeline, a page at a time (other entries between them), and as the narrowed partner
    for (const as of [f.supervisor, f.partner]) {
      const { entries: one } = await allPages(householdId, as, 1, `${COORDINATION},care_team.changed,household.registered`);
      expect(reasons(one.filter((e) => e.type.startsWith('coordinator.')))).toEqual(expected);
    }
  });

  it('a coordinator deactivated without successor (leaveVacant): the step-down shows why, even when the assignment is on another page', async () => {
    const leaving = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, name: 'Vertrekkende Regisseur', roles: ['coordinator'] });
    const householdId = await c.registerHousehold(f.supervisor);
    await c.assignCoordinator(f.supervisor, householdId, leaving, 'Wijkteam pakt op');
    const res = await ok(api().post(`/api/v1/professionals/${leaving.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst', leaveVacant: true }));
    expect(res.body.vacated).toEqual([householdId]);

    const expected = [
      ['coordinator.stepped_down', 'Uit dienst'],
      ['coordinator.assigned', 'Wijkteam pakt op'],
    ];
    for (const limit of [100, 1]) {
      const { entries, pages } = await allPages(householdId, f.supervisor, limit, COORDINATION);
      expect(pages).toBe(limit === 1 ? 2 : 1);
      expect(reasons(entries)).toEqual(expected);
    }
    const alone = await ok(api().get(`/api/v1/households/${householdId}/timeline?types=coordinator.stepped_down`).set(bearer(f.supervisor)));
    expect(reasons(alone.body.items as Entry[])).toEqual([['coordinator.stepped_down', 'Uit dienst']]);
  });
});
