import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { TokenService } from '../../src/auth/token.service.js';
import { FanOutService } from '../../src/delivery/fanout/fanout.service.js';
import { bearer, createTenantFixture, expectProblem, LOCAL_WEBHOOK_RECEIVERS, problemFields, startTestApp, uniqueSuffix, type TenantFixture, type TestApp, systemDb } from './harness/index.js';
import { caseApi } from './support/case.js';
import { waitFor } from './support/wait.js';
import { linkCareTeam } from './support/care-team.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;

beforeAll(async () => {
  t = await startTestApp({
    ...LOCAL_WEBHOOK_RECEIVERS,
    PROCESS_ROLE: 'all',
    QUEUE_PREFIX: `t${uniqueSuffix()}`,
    RELAY_POLL_MS: '200',
    QUEUE_STALLED_INTERVAL_MS: '2000',
    WEBHOOK_MAX_ATTEMPTS: '3',
    WEBHOOK_RETRY_BASE_MS: '100',
    WEBHOOK_TIMEOUT_MS: '2000',
  });
  f = await createTenantFixture(t.app);
  c = caseApi(t);
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);

interface InboxItem {
  id: string;
  type: string;
  householdId: string | null;
  data: Record<string, unknown>;
  readAt: string | null;
}
const inbox = async (token: string, query = '') => (await api().get(`/api/v1/me/notifications${query}`).set(bearer(token))).body as { items: InboxItem[]; nextCursor: string | null };

/** A case with the partner on its care team; the supervisor edits the plan. Returns the household id. */
async function caseWithPartner(): Promise<{ householdId: string; etag: string }> {
  const created = await c.caseWithPlan(f);
  const link = await linkCareTeam(t, created.householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' });
  expect(link.status).toBe(201);
  return created;
}

/** An endpoint at `/hook` answering the n-th delivery with `answer(n)`. */
async function startReceiver(answer: (n: number) => number) {
  const receiver = await startWebhookReceiver((res, _req, n) => void res.writeHead(answer(n)).end());
  return { ...receiver, url: `${receiver.origin}/hook` };
}

describe('the inbox', () => {
  it('a plan change reaches the coordinator and the linked partner, not the person who made it', async () => {
    const { householdId, etag } = await caseWithPartner();
    const res = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor)).set('If-Match', etag).send({ familyWishes: 'Weer naar school' });
    expect(res.status).toBe(200);
    const forPartner = await waitFor('partner notification', async () => (await inbox(f.partner.token)).items.find((n) => n.type === 'plan.updated' && n.householdId === householdId));
    expect(forPartner.data).toMatchObject({ version: 2 });
    expect(JSON.stringify(forPartner)).not.toContain('Weer naar school');
    await waitFor('coordinator notification', async () => (await inbox(f.coordinator.token)).items.some((n) => n.type === 'plan.updated' && n.householdId === householdId));
    expect((await inbox(f.supervisor.token)).items.some((n) => n.type === 'plan.updated' && n.householdId === householdId)).toBe(false);
  });

  it("a coordinator stepping down reaches the care team too (they need to know the case has no coordinator); a withdrawn proposal reaches the one who proposed it", async () => {
    const { householdId } = await caseWithPartner();
    const down = await api().post(`/api/v1/households/${householdId}/coordination/step-down`).set(bearer(f.coordinator)).send({ reason: 'Langdurig afwezig' });
    expect(down.status).toBe(200);
    await waitFor('the partner to hear of the vacancy', async () => (await inbox(f.partner.token)).items.some((n) => n.type === 'coordinator.stepped_down' && n.householdId === householdId));

    const other = (await c.caseWithPlan(f)).householdId;
    const leaving = await api().post('/api/v1/professionals').set(bearer(f.admin)).send({ name: 'Vertrekkende Regisseur', email: `vertrek.${uniqueSuffix()}@example.nl`, organisationId: f.ownOrganisationId, roles: ['coordinator'] });
    expect(leaving.status).toBe(201);
    const proposed = await api().post(`/api/v1/households/${other}/coordination/handovers`).set(bearer(f.coordinator)).send({ toProfessionalId: leaving.body.id, reason: 'Andere wijk' });
    expect(proposed.status).toBe(201);
    expect((await api().post(`/api/v1/professionals/${leaving.body.id as string}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst' })).status).toBe(200);
    await waitFor('the proposer to hear of the withdrawal', async () => (await inbox(f.coordinator.token)).items.some((n) => n.type === 'coordinator.handover_withdrawn' && n.householdId === other));
  });

  it('items can be read one by one or all at once; unread=true shows only unread; another’s item is 404', async () => {
    await caseWithPartner();
    const first = await waitFor('an item', async () => (await inbox(f.partner.token, '?unread=true')).items[0]);
    expect((await api().post(`/api/v1/me/notifications/${first.id}/read`).set(bearer(f.partner))).status).toBe(204);
    expect((await inbox(f.partner.token, '?unread=true&limit=100')).items.map((n) => n.id)).not.toContain(first.id);
    expectProblem(await api().post(`/api/v1/me/notifications/${first.id}/read`).set(bearer(f.secondPartner)), 404, 'NOTIFICATION_NOT_FOUND');
    const all = await api().post('/api/v1/me/notifications/read-all').set(bearer(f.partner));
    expect(all.status).toBe(200);
    expect((await inbox(f.partner.token, '?unread=true')).items).toHaveLength(0);
  });

  it('running the same fan-out job twice leaves exactly one item per recipient', async () => {
    const { householdId, etag } = await caseWithPartner();
    await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor)).set('If-Match', etag).send({ familyStrengths: 'Doorzetters' });
    const [event] = await db().query<Array<{ id: string }>>(`SELECT id::text AS id FROM outbox_event WHERE household_id = $1 AND type = 'plan.updated'`, [householdId]);
    await waitFor('fan-out', async () => (await db().query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM notification WHERE event_id = $1', [event!.id]))[0]!.n === 2);
    await t.app.get(FanOutService).fanOut(event!.id);
    await t.app.get(FanOutService).fanOut(event!.id);
    const rows = await db().query<Array<{ professional_id: string }>>('SELECT professional_id FROM notification WHERE event_id = $1', [event!.id]);
    expect(rows.map((r) => r.professional_id).sort()).toEqual([f.coordinator.id, f.partner.id].sort());
  });

  it('e-mail goes out once per item for people who asked for it (log transport without SMTP)', async () => {
    const prefs = await api().put('/api/v1/me/notification-preferences').set(bearer(f.partner)).send({ emailEnabled: true, language: 'en' });
    expect(prefs.body).toEqual({ emailEnabled: true, language: 'en' });
    expectProblem(await api().put('/api/v1/me/notification-preferences').set(bearer(f.partner)).send({ emailEnabled: 'yes', language: 'fr' }), 400);
    const { householdId, etag } = await caseWithPartner();
    await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor)).set('If-Match', etag).send({ familyWishes: 'Mail mij' });
    await waitFor('e-mail sent', async () => {
      const [row] = await db().query<Array<{ emailed_at: Date | null }>>(
        `SELECT n.emailed_at FROM notification n JOIN outbox_event e ON e.id = n.event_id WHERE e.household_id = $1 AND n.type = 'plan.updated' AND n.professional_id = $2`,
        [householdId, f.partner.id],
      );
      return row?.emailed_at ?? undefined;
    });
    await api().put('/api/v1/me/notification-preferences').set(bearer(f.partner)).send({ emailEnabled: false, language: 'nl' });
  });
});

describe('partner webhooks', () => {
  it('are signed per Standard Webhooks, retried after 500s, and the delivery log records every attempt', async () => {
    const receiver = await startReceiver((n) => (n <= 2 ? 500 : 200));
    try {
      const hook = await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(f.admin)).send({ url: receiver.url, eventTypes: ['plan.updated'] });
      expect(hook.status).toBe(201);
      expect(hook.body.secret).toMatch(/^whsec_/);
      const listed = await api().get(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(f.admin));
      expect(JSON.stringify(listed.body)).not.toContain(hook.body.secret);

      const { householdId, etag } = await caseWithPartner();
      await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor)).set('If-Match', etag).send({ familyWishes: 'Wens voor de webhooktest' });
      await waitFor('three attempts', async () => receiver.received.length >= 3);
      const verifier = new Webhook(hook.body.secret as string);
      for (const r of receiver.received) {
        const payload = verifier.verify(r.body, r.headers as Record<string, string>) as { type: string; data: Record<string, unknown>; links: Record<string, string> };
        expect(payload.type).toBe('plan.updated');
        expect(payload.data.householdId).toBe(householdId);
        expect(payload.links.plan).toContain(`/api/v1/households/${householdId}/plan`);
      }
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
      expect(() => verifier.verify(receiver.received[0]!.body.replace('plan.updated', 'plan.created'), receiver.received[0]!.headers as Record<string, string>)).toThrow();

      const log = await waitFor('delivery succeeded', async () => {
        const res = await api().get(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks/${hook.body.id}/deliveries`).set(bearer(f.admin));
        const delivery = (res.body.items as Array<{ status: string; log: Array<{ statusCode: number; durationMs: number }> }>)[0];
        return delivery?.status === 'succeeded' ? delivery : undefined;
      });
      expect(log.log.map((a) => a.statusCode)).toEqual([500, 500, 200]);
      expect(log.log.every((a) => a.durationMs >= 0)).toBe(true);
      await api().delete(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks/${hook.body.id}`).set(bearer(f.admin));
    } finally {
      await receiver.close();
    }
  });

  it('a permanently failing endpoint is disabled, its admins are told, and the job is a dead letter', async () => {
    const receiver = await startReceiver(() => 503);
    try {
      const hook = await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(f.admin)).send({ url: receiver.url, eventTypes: ['*'] });
      const { householdId, etag } = await caseWithPartner();
      await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor)).set('If-Match', etag).send({ familyWishes: 'Kapot' });
      const disabled = await waitFor('subscription disabled', async () => {
        const res = await api().get(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(f.admin));
        return (res.body as Array<{ id: string; enabled: boolean; disabledReason: string | null }>).find((h) => h.id === hook.body.id && !h.enabled);
      });
      expect(disabled.disabledReason).toContain('503');
      await waitFor('admin notice', async () => (await inbox(f.admin.token)).items.some((n) => n.type === 'webhook.disabled' && n.data.subscriptionId === hook.body.id));
      const letters = await api().get('/api/v1/admin/dead-letters').set(bearer(f.admin));
      const letter = (letters.body.items as Array<{ id: string; queue: string; reason: string }>).find((l) => l.queue === 'webhooks' && l.reason.includes('503'));
      expect(letter).toBeDefined();
      expectProblem(await api().get('/api/v1/admin/dead-letters').set(bearer(f.coordinator)), 403);
      const deliveries = await api().get(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks/${hook.body.id}/deliveries`).set(bearer(f.admin));
      const failed = (deliveries.body.items as Array<{ id: string; status: string }>).find((d) => d.status === 'failed')!;
      expectProblem(await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks/${hook.body.id}/deliveries/${failed.id}/redeliver`).set(bearer(f.admin)), 409);
      expect((await api().patch(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks/${hook.body.id}`).set(bearer(f.admin)).send({ enabled: true })).body.enabled).toBe(true);
      expect((await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks/${hook.body.id}/deliveries/${failed.id}/redeliver`).set(bearer(f.admin))).status).toBe(202);
      await waitFor('redelivery attempted', async () => receiver.received.length >= 4);
      // an admin can also put the dead job itself back on its queue; it then leaves the list
      expect((await api().post(`/api/v1/admin/dead-letters/${letter!.id}/retry`).set(bearer(f.admin))).status).toBe(204);
      const after = await api().get('/api/v1/admin/dead-letters').set(bearer(f.admin));
      expect((after.body.items as Array<{ id: string }>).map((l) => l.id)).not.toContain(letter!.id);
      expectProblem(await api().post(`/api/v1/admin/dead-letters/${letter!.id}/retry`).set(bearer(f.admin)), 404, 'DEAD_LETTER_NOT_FOUND');
      await api().delete(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks/${hook.body.id}`).set(bearer(f.admin));
    } finally {
      await receiver.close();
    }
  });

  it('only admins manage webhooks, and URLs are validated', async () => {
    expectProblem(await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(f.partner)).send({ url: 'https://x.example', eventTypes: ['*'] }), 403);
    const bad = await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(f.admin)).send({ url: 'ftp://x', eventTypes: ['nope'] });
    expectProblem(bad, 400);
  });

  it('a stalled case is not a partner event: its rules are judged on the whole case, outside any partner scope', async () => {
    for (const type of ['case.stalled', 'case.unstalled']) {
      const res = await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(f.admin)).send({ url: 'https://partner.example.nl/hook', eventTypes: [type] });
      expect(problemFields(expectProblem(res, 400))).toEqual(['eventTypes']);
    }
    const doc = (await api().get('/docs-json')).body as { components: { schemas: Record<string, { properties: Record<string, { items?: { enum?: string[] } }> }> } };
    const offered = doc.components.schemas.CreateWebhookDto!.properties.eventTypes!.items!.enum!;
    expect(offered).toContain('plan.updated');
    expect(offered).not.toContain('case.stalled');
  });
});

describe('operations', () => {
  it('/metrics exposes queue depth and outbox lag without a token, and no personal data', async () => {
    const res = await api().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/eenplan_outbox_undispatched \d+/);
    expect(res.text).toMatch(/eenplan_outbox_lag_seconds [\d.e-]+/);
    expect(res.text).toMatch(/eenplan_queue_jobs\{queue="events",state="waiting"\} \d+/);
    expect(res.text).not.toMatch(/Jansen|Samira/);
  });

  // issue 10: the queues are shared by every municipality, so the dashboard is for platform operators, not admins
  it('the queue dashboard at /admin/queues is for platform operators only', async () => {
    expect((await api().get('/admin/queues')).status).toBe(401);
    expect((await api().get('/admin/queues').set(bearer(f.coordinator))).status).toBe(403);
    expect((await api().get('/admin/queues').set(bearer(f.admin))).status).toBe(403);
    const operator = await t.app.get(TokenService).signDevOperatorToken('dev-operator');
    const page = await api().get('/admin/queues').set(bearer(operator));
    expect(page.status).toBe(200);
    const queues = await api().get('/admin/queues/api/queues').set(bearer(operator));
    expect(queues.status).toBe(200);
    expect((queues.body as { queues: Array<{ name: string }> }).queues.map((q) => q.name)).toEqual(expect.arrayContaining(['events', 'webhooks', 'emails']));
  });
});
