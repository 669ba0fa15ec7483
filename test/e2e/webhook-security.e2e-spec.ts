import type { LookupAddress } from 'node:dns';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { Clock } from '../../src/common/clock.js';
import { BsnCipher } from '../../src/common/crypto/bsn-cipher.js';
import { WebhookResolver } from '../../src/delivery/webhooks/egress/webhook-egress.js';
import { bearer, createTenantFixture, ENGLISH, expectProblem, LOCAL_WEBHOOK_RECEIVERS, startTestApp, systemDb, uniqueSuffix, type TenantFixture, type TestApp } from './harness/index.js';
import { caseApi } from './support/case.js';
import { linkCareTeam } from './support/care-team.js';
import { freePort } from './support/processes.js';
import { waitFor } from './support/wait.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

/**
 * Security of partner webhooks (external review, issue 10): no server-side request forgery through webhook URLs —
 * checked when a URL is saved and again when a delivery connects (DNS rebinding) —, a delivery log that does not
 * map ports, and signing secrets under their own key with rotation.
 */

const QUEUE_ENV = { PROCESS_ROLE: 'all', RELAY_POLL_MS: '200', QUEUE_STALLED_INTERVAL_MS: '2000', WEBHOOK_MAX_ATTEMPTS: '2', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_TIMEOUT_MS: '1500' };

/** A local endpoint at `/hook`; `mode` says how it treats a request ('hang': never answers; the dispatcher's timeout ends it). */
async function startReceiver(mode: 'ok' | 'reset' | 'hang' = 'ok') {
  const receiver = await startWebhookReceiver((res, req) => {
    if (mode === 'ok') res.writeHead(200).end();
    else if (mode === 'reset') req.socket.destroy();
  });
  return { ...receiver, url: `${receiver.origin}/hook` };
}

/**
 * Answers for names the tests make up, in place of DNS; other names (localhost) resolve as usual. Each answer is a
 * function, so a name can resolve to one address when the URL is saved and to another when a delivery connects.
 */
function stubResolver(t: TestApp) {
  const resolver = t.app.get(WebhookResolver);
  const real = resolver.lookup.bind(resolver);
  const answers = new Map<string, () => string[]>();
  const lookups: string[] = [];
  resolver.lookup = async (hostname: string): Promise<LookupAddress[]> => {
    lookups.push(hostname);
    const answer = answers.get(hostname);
    if (!answer) return real(hostname);
    return answer().map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { answers, lookups };
}

interface Attempt {
  attemptedAt: string;
  delivered: boolean;
  statusCode: number | null;
  durationMs: number | null;
  error: string | null;
}
interface Delivery {
  id: string;
  status: string;
  log: Attempt[];
}

function webhookApi(t: TestApp, f: TenantFixture) {
  const api = () => request(t.http);
  const c = caseApi(t);
  const base = `/api/v1/organisations/${f.partnerOrganisationId}/webhooks`;
  return {
    api,
    base,
    // English: the refusals' English details and messages are compared below
    create: (url: string, eventTypes = ['plan.updated']) => api().post(base).set(bearer(f.admin)).set(ENGLISH).send({ url, eventTypes }),
    patch: (hookId: string, body: object) => api().patch(`${base}/${hookId}`).set(bearer(f.admin)).set(ENGLISH).send(body),
    remove: (hookId: string) => api().delete(`${base}/${hookId}`).set(bearer(f.admin)),
    list: async () => (await api().get(base).set(bearer(f.admin))).body as Array<{ id: string; url: string; enabled: boolean; disabledReason: string | null; previousSecretExpiresAt: string | null }>,
    deliveries: async (hookId: string) => ((await api().get(`${base}/${hookId}/deliveries`).set(bearer(f.admin))).body as { items: Delivery[] }).items,
    rotate: (hookId: string) => api().post(`${base}/${hookId}/rotate-secret`).set(bearer(f.admin)),
    /** A household with the partner organisation on its care team, and a plan change: one plan.updated event for the partner. */
    async planChange(): Promise<void> {
      const { householdId, etag } = await c.caseWithPlan(f);
      const link = await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' });
      expect(link.status).toBe(201);
      const res = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor)).set('If-Match', etag).send({ familyStrengths: 'Samen sterk' });
      expect(res.status).toBe(200);
    },
  };
}

describe('with WEBHOOK_ALLOW_PRIVATE_TARGETS=true (development, local receivers)', () => {
  let t: TestApp;
  let f: TenantFixture;
  let w: ReturnType<typeof webhookApi>;
  let dns: ReturnType<typeof stubResolver>;
  const logLines: string[] = [];

  beforeAll(async () => {
    // the first app of a file keeps the process's logger, so this block (which reads the server log) runs first
    t = await startTestApp({ ...QUEUE_ENV, ...LOCAL_WEBHOOK_RECEIVERS, QUEUE_PREFIX: `v${uniqueSuffix()}` }, { write: (line: string) => void logLines.push(line) });
    f = await createTenantFixture(t.app);
    w = webhookApi(t, f);
    dns = stubResolver(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('local receivers are allowed, also by a name resolved when the delivery connects; metadata addresses stay refused', async () => {
    const receiver = await startReceiver();
    const host = `local-${uniqueSuffix()}.partner.test`;
    dns.answers.set(host, () => ['127.0.0.1']);
    const created = await w.create(`http://${host}:${receiver.port}/hook`);
    try {
      expect(created.status).toBe(201);
      await w.planChange();
      await waitFor('the delivery', async () => receiver.received.length >= 1);
      const [delivery] = await waitFor('the log', async () => {
        const items = await w.deliveries(created.body.id as string);
        return items[0]?.status === 'succeeded' ? items : undefined;
      });
      expect(delivery!.log).toEqual([{ attemptedAt: expect.any(String), delivered: true, statusCode: 200, durationMs: expect.any(Number), error: null }]);
      for (const [url, rule] of [
        ['http://169.254.169.254/latest/meta-data/', 'cloud metadata'],
        ['http://0.0.0.0:3000/', 'unspecified'],
      ] as const) {
        // an event type this file never raises: should a URL slip through, nothing is ever sent to it
        const res = await w.create(url, ['escalation.resolved']);
        if (res.status === 201) await w.remove((res.body as { id: string }).id);
        expect(expectProblem(res, 422, 'DESTINATION_REFUSED').detail).toContain(rule);
      }
    } finally {
      await w.remove(created.body.id as string);
      await receiver.close();
    }
  });

  it('the delivery log does not tell a closed port, a reset and a timeout apart; the server log does, by ids only', async () => {
    const closedPort = await freePort();
    const reset = await startReceiver('reset');
    const hang = await startReceiver('hang');
    const urls = { closed: `http://127.0.0.1:${closedPort}/hook`, reset: reset.url, timeout: hang.url };
    const hooks: Record<string, string> = {};
    try {
      for (const [name, url] of Object.entries(urls)) hooks[name] = ((await w.create(url)).body as { id: string }).id;
      await w.planChange();
      const logs: Record<string, Attempt[]> = {};
      for (const [name, id] of Object.entries(hooks)) {
        logs[name] = (await waitFor(`${name}: delivery failed`, async () => (await w.deliveries(id)).find((d) => d.status === 'failed'))).log;
      }
      const seen = Object.values(logs).map((log) => log.map(({ attemptedAt: _at, ...rest }) => rest));
      for (const log of seen) expect(log).toEqual([{ delivered: false, statusCode: null, durationMs: null, error: 'no_answer' }, { delivered: false, statusCode: null, durationMs: null, error: 'no_answer' }]);
      const disabled = (await w.list()).filter((h) => Object.values(hooks).includes(h.id));
      expect(disabled.map((h) => h.disabledReason)).toEqual(disabled.map(() => expect.stringContaining('no answer from the endpoint')));
      expect(JSON.stringify(disabled)).not.toMatch(/ECONN|timeout|ETIMEDOUT|socket/i);
      // operators still see why, next to the ids
      const details = logLines.filter((line) => line.includes('webhook endpoint gave no answer')).map((line) => JSON.parse(line) as { reason: string; deliveryId: string; subscriptionId: string });
      expect(details.map((d) => d.reason)).toEqual(expect.arrayContaining(['ECONNREFUSED', 'timeout']));
      expect(details.every((d) => d.deliveryId && d.subscriptionId)).toBe(true);
    } finally {
      for (const id of Object.values(hooks)) await w.remove(id);
      await reset.close();
      await hang.close();
    }
  });

  it('a rotated secret is shown once; old and new both sign during the overlap, then only the new one', async () => {
    const receiver = await startReceiver();
    const created = await w.create(receiver.url);
    const first = created.body.secret as string;
    try {
      const rotated = await w.rotate(created.body.id as string).set('Idempotency-Key', `rotate-${uniqueSuffix()}`);
      expect(rotated.status).toBe(200);
      const second = rotated.body.secret as string;
      expect(second).toMatch(/^whsec_/);
      expect(second).not.toBe(first);
      const until = Date.parse(rotated.body.previousSecretExpiresAt as string);
      expect(Math.abs(until - (Date.now() + 24 * 3_600_000))).toBeLessThan(60_000);
      // shown once: not in the list, not kept for an Idempotency-Key replay
      const listed = await w.list();
      expect(listed.find((h) => h.id === created.body.id)?.previousSecretExpiresAt).toBe(rotated.body.previousSecretExpiresAt);
      expect(JSON.stringify(listed)).not.toContain(second);
      const stored = await systemDb(t.app).query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM idempotency_record WHERE response_body::text LIKE '%' || $1 || '%'`, [second.slice(6)]);
      expect(stored[0]!.n).toBe(0);

      await w.planChange();
      await waitFor('a delivery', async () => receiver.received.length >= 1);
      const during = receiver.received[0]!;
      expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
      // a partner still verifying with the old secret and one already on the new secret both accept it
      expect(() => new Webhook(first).verify(during.body, during.headers as Record<string, string>)).not.toThrow();
      expect(() => new Webhook(second).verify(during.body, during.headers as Record<string, string>)).not.toThrow();

      // 25 hours later the old secret no longer signs
      t.app.get(Clock).advance(25 * 3_600_000);
      try {
        await w.planChange();
        await waitFor('a second delivery', async () => receiver.received.length >= 2);
      } finally {
        t.app.get(Clock).reset();
      }
      const after = receiver.received[1]!;
      const signatures = String(after.headers['webhook-signature']).split(' ');
      const signedWith = (secret: string) => new Webhook(secret).sign(String(after.headers['webhook-id']), new Date(Number(after.headers['webhook-timestamp']) * 1000), after.body);
      expect(signatures).toEqual([signedWith(second)]);
      expect(signatures).not.toContain(signedWith(first));
    } finally {
      await w.remove(created.body.id as string);
      await receiver.close();
    }
  });

  it('secrets are stored under WEBHOOK_SECRET_KEYS, not the BSN key; a secret stored under the BSN key still signs and moves on rotation', async () => {
    const receiver = await startReceiver();
    const created = await w.create(receiver.url);
    const db = systemDb(t.app);
    try {
      const [row] = await db.query<Array<{ secret_ciphertext: string; secret_key_id: string; secret_keyring: string }>>(
        'SELECT secret_ciphertext, secret_key_id, secret_keyring FROM webhook_subscription WHERE id = $1',
        [created.body.id],
      );
      expect(row).toMatchObject({ secret_keyring: 'webhook', secret_key_id: 'devwh1' });
      expect(row!.secret_ciphertext).not.toContain((created.body.secret as string).slice(6));
      const bsn = t.app.get(BsnCipher);
      expect(() => bsn.decrypt(row!.secret_ciphertext, row!.secret_key_id)).toThrow();

      // a subscription from before this change: its secret under the BSN key
      const legacySecret = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
      const legacy = bsn.encrypt(legacySecret);
      await db.query(`UPDATE webhook_subscription SET secret_ciphertext = $1, secret_key_id = $2, secret_keyring = 'bsn' WHERE id = $3`, [legacy.ciphertext, legacy.keyId, created.body.id]);
      await w.planChange();
      await waitFor('a delivery', async () => receiver.received.length >= 1);
      expect(() => new Webhook(legacySecret).verify(receiver.received[0]!.body, receiver.received[0]!.headers as Record<string, string>)).not.toThrow();

      const rotated = await w.rotate(created.body.id as string);
      expect(rotated.status).toBe(200);
      const [moved] = await db.query<Array<{ secret_keyring: string; secret_key_id: string; previous_secret_key_id: string }>>(
        'SELECT secret_keyring, secret_key_id, previous_secret_key_id FROM webhook_subscription WHERE id = $1',
        [created.body.id],
      );
      expect(moved).toEqual({ secret_keyring: 'webhook', secret_key_id: 'devwh1', previous_secret_key_id: 'devwh1' });
      await w.planChange();
      await waitFor('a second delivery', async () => receiver.received.length >= 2);
      const second = receiver.received[1]!;
      expect(() => new Webhook(legacySecret).verify(second.body, second.headers as Record<string, string>)).not.toThrow();
      expect(() => new Webhook(rotated.body.secret as string).verify(second.body, second.headers as Record<string, string>)).not.toThrow();
    } finally {
      await w.remove(created.body.id as string);
      await receiver.close();
    }
  });

  it('rotating an unknown webhook is a 404; only admins (and the organisation’s own client) rotate', async () => {
    expectProblem(await w.api().post(`${w.base}/00000000-0000-4000-8000-000000000000/rotate-secret`).set(bearer(f.admin)), 404, 'WEBHOOK_NOT_FOUND');
    const created = await w.create(`https://hooks-${uniqueSuffix()}.partner.invalid/eenplan`);
    try {
      expectProblem(await w.api().post(`${w.base}/${created.body.id}/rotate-secret`).set(bearer(f.supervisor)), 403);
    } finally {
      await w.remove(created.body.id as string);
    }
  });
});

describe('by default (as `npm start`): webhooks go only to public addresses', () => {
  let t: TestApp;
  let f: TenantFixture;
  let w: ReturnType<typeof webhookApi>;
  let dns: ReturnType<typeof stubResolver>;

  beforeAll(async () => {
    t = await startTestApp({ ...QUEUE_ENV, QUEUE_PREFIX: `w${uniqueSuffix()}` });
    f = await createTenantFixture(t.app);
    w = webhookApi(t, f);
    dns = stubResolver(t);
    // an internal service name without dots, as in a compose file
    dns.answers.set('redis', () => ['10.0.3.7']);
    dns.answers.set('mixed.partner.test', () => ['93.184.215.14', '10.0.0.1']);
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://localhost:8080/hook', 'loopback'],
    ['http://[::1]:6379/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['http://10.0.0.5/hook', 'private network'],
    ['http://192.168.1.1/hook', 'private network'],
    ['http://redis:6379/', 'private network'],
    ['https://mixed.partner.test/hook', 'private network'],
    ['http://[::ffff:10.0.0.1]/hook', 'private network'],
    ['http://169.254.169.254/latest/meta-data/', 'cloud metadata'],
    ['http://169.254.1.1/hook', 'link-local'],
    ['http://100.64.0.1/hook', 'carrier-grade NAT'],
    ['http://[fd00::1]/hook', 'unique local'],
    ['http://224.0.0.1/hook', 'multicast'],
    ['http://0.0.0.0:3000/hook', 'unspecified'],
    ['http://255.255.255.255/hook', 'broadcast'],
  ])('creating a webhook for %s is a 400 that names the rule (%s), and nothing is saved', async (url, rule) => {
    // an event type this file never raises: should a URL slip through, nothing is ever sent to it
    const res = await w.create(url, ['escalation.resolved']);
    try {
      const problem = expectProblem(res, 422, 'DESTINATION_REFUSED');
      expect(problem.detail).toContain(rule);
      expect(problem.errors).toEqual([{ field: 'url', messages: [expect.stringContaining(rule)] }]);
      // the answer does not tell the caller which internal address a name has
      expect(problem.detail).not.toMatch(/10\.0\.3\.7|10\.0\.0\.1/);
      expect((await w.list()).map((h) => h.url)).not.toContain(url);
    } finally {
      if (res.status === 201) await w.remove((res.body as { id: string }).id);
    }
  });

  it('PATCH to a refused address is a 400 and keeps the old URL; an empty PATCH is a 400, not a 500', async () => {
    // a name that does not resolve (yet) is accepted: nothing can be reached through it, and delivery checks again
    const created = await w.create(`https://hooks-${uniqueSuffix()}.partner.invalid/eenplan`, ['escalation.resolved']);
    expect(created.status).toBe(201);
    try {
      for (const [url, rule] of [
        ['http://127.0.0.1:6379/', 'loopback'],
        ['http://redis:6379/', 'private network'],
        ['http://[::ffff:169.254.169.254]/', 'cloud metadata'],
      ] as const) {
        expect(expectProblem(await w.patch(created.body.id as string, { url }), 422, 'DESTINATION_REFUSED').detail).toContain(rule);
      }
      expect((await w.list()).find((h) => h.id === created.body.id)?.url).toBe(created.body.url);
      const empty = expectProblem(await w.patch(created.body.id as string, {}), 400, 'NOTHING_TO_CHANGE');
      expect(empty.detail).toContain('at least one field');
      for (const body of [{ url: null }, { eventTypes: null }, { enabled: null }]) expectProblem(await w.patch(created.body.id as string, body), 400);
    } finally {
      await w.remove(created.body.id as string);
    }
  });

  it('a stored URL that points at this machine is refused when the delivery connects: nothing reaches it, and the log says refused_destination', async () => {
    const receiver = await startReceiver();
    const created = await w.create(`https://hooks-${uniqueSuffix()}.partner.invalid/eenplan`);
    try {
      // a row saved before the guard existed, or changed behind the API's back
      await systemDb(t.app).query('UPDATE webhook_subscription SET url = $1 WHERE id = $2', [receiver.url, created.body.id]);
      await w.planChange();
      const delivery = await waitFor('the delivery to fail', async () => (await w.deliveries(created.body.id as string)).find((d) => d.status === 'failed'));
      expect(receiver.received).toHaveLength(0);
      expect(delivery.log).toHaveLength(2);
      for (const attempt of delivery.log) expect(attempt).toEqual({ attemptedAt: expect.any(String), delivered: false, statusCode: null, durationMs: null, error: 'refused_destination' });
      const hook = await waitFor('the subscription to be disabled', async () => (await w.list()).find((h) => h.id === created.body.id && !h.enabled));
      expect(hook.disabledReason).toContain('refused destination');
    } finally {
      await w.remove(created.body.id as string);
      await receiver.close();
    }
  });

  it('DNS rebinding: a name that was public when saved and resolves to 127.0.0.1 when the delivery connects is refused', async () => {
    const receiver = await startReceiver();
    const host = `rebind-${uniqueSuffix()}.partner.test`;
    let saving = true;
    // public only while the URL is being saved; never connected to
    dns.answers.set(host, () => (saving ? ['93.184.215.14'] : ['127.0.0.1']));
    const created = await w.create(`http://${host}:${receiver.port}/hook`);
    saving = false;
    try {
      expect(created.status).toBe(201);
      const lookupsWhenSaved = dns.lookups.filter((h) => h === host).length;
      await w.planChange();
      const delivery = await waitFor('the delivery to fail', async () => (await w.deliveries(created.body.id as string)).find((d) => d.status === 'failed'));
      expect(delivery.log.map((a) => a.error)).toEqual(['refused_destination', 'refused_destination']);
      expect(receiver.received).toHaveLength(0);
      // the address was looked up again for each connection, not taken from the check when saved
      expect(dns.lookups.filter((h) => h === host).length).toBeGreaterThanOrEqual(lookupsWhenSaved + 2);
    } finally {
      await w.remove(created.body.id as string);
      await receiver.close();
    }
  });

  it('PATCH to a loopback URL and redeliver, as a partner with webhooks:manage would try: refused, nothing is sent', async () => {
    const receiver = await startReceiver();
    const created = await w.create(`https://hooks-${uniqueSuffix()}.partner.invalid/eenplan`);
    try {
      await w.planChange();
      const failed = await waitFor('the delivery to fail', async () => (await w.deliveries(created.body.id as string)).find((d) => d.status === 'failed'));
      expect(failed.log.map((a) => a.error)).toEqual(['no_answer', 'no_answer']);
      expectProblem(await w.patch(created.body.id as string, { url: receiver.url, enabled: true }), 422, 'DESTINATION_REFUSED');
      expect((await w.patch(created.body.id as string, { enabled: true })).status).toBe(200);
      expect((await w.api().post(`${w.base}/${created.body.id}/deliveries/${failed.id}/redeliver`).set(bearer(f.admin))).status).toBe(202);
      await waitFor('the redelivery to fail', async () => (await w.deliveries(created.body.id as string)).find((d) => d.status === 'failed' && d.log.length >= 4));
      expect(receiver.received).toHaveLength(0);
    } finally {
      await w.remove(created.body.id as string);
      await receiver.close();
    }
  });

  it('a partner API client with webhooks:manage can neither create nor PATCH its way to the server’s network, and can rotate its own secret', async () => {
    const client = await w.api().post(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients`).set(bearer(f.admin)).send({ name: 'Koppeling webhooks', scopes: ['webhooks:manage'] });
    expect(client.status).toBe(201);
    const token = await w.api().post('/api/v1/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: client.body.clientId, client_secret: client.body.clientSecret });
    const asClient = { Authorization: `Bearer ${(token.body as { access_token: string }).access_token}` };
    expectProblem(await w.api().post(w.base).set(asClient).send({ url: 'http://redis:6379/', eventTypes: ['escalation.resolved'] }), 422, 'DESTINATION_REFUSED');
    const own = await w.api().post(w.base).set(asClient).send({ url: `https://hooks-${uniqueSuffix()}.partner.invalid/eenplan`, eventTypes: ['escalation.resolved'] });
    expect(own.status).toBe(201);
    try {
      expectProblem(await w.api().patch(`${w.base}/${own.body.id}`).set(asClient).send({ url: 'http://[::1]:6379/' }), 422, 'DESTINATION_REFUSED');
      const rotated = await w.api().post(`${w.base}/${own.body.id}/rotate-secret`).set(asClient);
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
    } finally {
      await w.remove(own.body.id as string);
    }
  });

  it('with WEBHOOK_ALLOWED_PORTS only those ports are accepted', async () => {
    const ports = await startTestApp({ WEBHOOK_ALLOWED_PORTS: '443,8443' });
    try {
      const g = await createTenantFixture(ports.app);
      const base = `/api/v1/organisations/${g.partnerOrganisationId}/webhooks`;
      const refused = expectProblem(await request(ports.http).post(base).set(bearer(g.admin)).set(ENGLISH).send({ url: 'https://hooks.partner.invalid:6379/', eventTypes: ['*'] }), 422, 'DESTINATION_REFUSED');
      expect(refused.detail).toContain('port 6379 is not allowed for webhooks (allowed: 443, 8443)');
      expect((await request(ports.http).post(base).set(bearer(g.admin)).send({ url: 'https://hooks.partner.invalid:8443/', eventTypes: ['*'] })).status).toBe(201);
      expect((await request(ports.http).post(base).set(bearer(g.admin)).send({ url: 'https://hooks.partner.invalid/', eventTypes: ['*'] })).status).toBe(201);
    } finally {
      await ports.close();
    }
  });
});
