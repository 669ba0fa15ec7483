import request from 'supertest';
import { bearer, createOrganisation, createProfessional, createTenantFixture, LOCAL_WEBHOOK_RECEIVERS, startTestApp, uniqueSuffix, type TenantFixture, type TestApp, type UserFixture } from './harness/index.js';
import { caseApi } from './support/case.js';
import { waitFor } from './support/wait.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

let t: TestApp;
let f: TenantFixture;
let police: UserFixture;

beforeAll(async () => {
  t = await startTestApp({ ...LOCAL_WEBHOOK_RECEIVERS, PROCESS_ROLE: 'all', QUEUE_PREFIX: `s${uniqueSuffix()}`, RELAY_POLL_MS: '200' });
  f = await createTenantFixture(t.app);
  const org = await createOrganisation(t.app, { tenantId: f.tenantId, name: 'Politie Midden', kind: 'police' });
  police = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: org.id, roles: ['professional'] });
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const signal = (who: UserFixture) =>
  api().post('/api/v1/signals').set(bearer(who)).send({ postcode: '3512 AB', houseNumber: 12, dateOfBirth: '1988-03-14', category: 'nuisance', severity: 'medium', note: 'Overlast gemeld' });

describe('a signal match reaches people without revealing the household to outsiders', () => {
  it('the coordinator learns which household; the signalling professionals and their webhooks learn only that there is a match', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const hook = await api()
        .post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`)
        .set(bearer(f.admin))
        .send({ url: `${receiver.origin}/`, eventTypes: ['signal.matched'] });
      expect(hook.status).toBe(201);
      const c = caseApi(t);
      const householdId = await c.registerHousehold(f.coordinator);
      await c.assignCoordinator(f.coordinator, householdId, f.coordinator);

      expect((await signal(f.partner)).status).toBe(201);
      expect((await signal(police)).status).toBe(201);

      type Item = { type: string; householdId: string | null; data: Record<string, unknown> };
      const find = async (who: UserFixture) =>
        ((await api().get('/api/v1/me/notifications').set(bearer(who))).body as { items: Item[] }).items.find((n) => n.type === 'signal.matched');
      const forCoordinator = await waitFor('coordinator told', () => find(f.coordinator));
      expect(forCoordinator.householdId).toBe(householdId);
      const forSignaller = await waitFor('signaller told', () => find(police));
      expect(forSignaller.householdId).toBeNull();
      expect(JSON.stringify(forSignaller)).not.toContain(householdId);

      const body = await waitFor('webhook delivered', async () => receiver.received[0]?.body);
      expect(body).toContain('signal.matched');
      expect(body).not.toContain(householdId);
      expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(police))).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });
});
