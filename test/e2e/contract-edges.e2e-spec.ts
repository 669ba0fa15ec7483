import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import request from 'supertest';
import { TokenService } from '../../src/auth/token.service.js';
import { encodeCursor } from '../../src/common/pagination.js';
import { bearer, createTenantFixture, expectProblem, LOCAL_WEBHOOK_RECEIVERS, problemFields, startTestApp, systemDb, type TenantFixture, type TestApp } from './harness/index.js';
import { caseApi } from './support/case.js';

/**
 * What an outside contract probe (fuzzer and hand-made requests, 2026-12-07) found beyond the repository's own fuzzer:
 * forged cursors that reached PostgreSQL, a URL the validator passed and `new URL` refused, a queue name with NUL in
 * the operations log, date-times valid per RFC 3339 refused, a stale If-Match let through on a change of nothing,
 * `Accept` q-values ignored, statuses a body on any method can cause left undocumented, and the document's path with
 * a trailing slash answered.
 */
let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;
beforeAll(async () => {
  t = await startTestApp(LOCAL_WEBHOOK_RECEIVERS);
  f = await createTenantFixture(t.app);
  c = caseApi(t);
});
afterAll(async () => {
  await t?.close();
});
const api = () => request(t.http);
const cursorOf = (key: unknown[]) => encodeCursor(key as Array<string | number>);

describe('a forged cursor is a 400 INVALID_CURSOR, never a database error', () => {
  it('text with NUL, a timestamp of year 0, an integer beyond its int4 column', async () => {
    const id = '6f1c1c8e-8d1e-4f57-9a43-0c0b7a3f5d11';
    const householdId = (await c.caseWithPlan(f)).householdId;
    const answers = await Promise.all([
      api().get('/api/v1/organisations').query({ cursor: cursorOf(['a\u0000', id]) }).set(bearer(f.admin)),
      api().get('/api/v1/professionals').query({ cursor: cursorOf(['a\u0000', id]) }).set(bearer(f.admin)),
      api().get('/api/v1/supervision/caseload').query({ cursor: cursorOf(['a\u0000', id]) }).set(bearer(f.supervisor)),
      api().get('/api/v1/households').query({ cursor: cursorOf(['0000-01-01T00:00:00.000Z', id]) }).set(bearer(f.supervisor)),
      api().get('/api/v1/signals').query({ cursor: cursorOf(['0000-01-01T00:00:00.000Z', id]) }).set(bearer(f.coordinator)),
      api().get(`/api/v1/households/${householdId}/plan/revisions`).query({ cursor: cursorOf([2 ** 31]) }).set(bearer(f.coordinator)),
      api().get('/api/v1/supervision/stalled').query({ cursor: cursorOf([2 ** 31, '2026-01-01T00:00:00.000Z', id]) }).set(bearer(f.supervisor)),
    ]);
    for (const answer of answers) expect(problemFields(expectProblem(answer, 400, 'INVALID_CURSOR'))).toEqual(['cursor']);
  });
});

describe('webhook URLs: what passes validation can be parsed; the rule is in the document', () => {
  const base = () => `/api/v1/organisations/${f.partnerOrganisationId}/webhooks`;

  it('a URL the WHATWG parser refuses (an IPv6 zone id) or of another scheme is a 400 naming url, on create and on PATCH', async () => {
    // an IRI too (format uri is ASCII, RFC 3986): an international domain name is written in its punycode form
    for (const url of ['https://[fe80::1%25eth0]/', 'mailto:a@example.org', 'ftp://example.org/x', 'https://', 'partner.example.nl/hook', 'https://пример.рф/x', 'https://example.org/a b']) {
      expect(problemFields(expectProblem(await api().post(base()).set(bearer(f.admin)).send({ url, eventTypes: ['plan.updated'] }), 400, 'VALIDATION_FAILED'))).toEqual(['url']);
    }
    const created = await api().post(base()).set(bearer(f.admin)).send({ url: 'http://127.0.0.1:9/hook', eventTypes: ['plan.updated'] });
    expect(created.status).toBe(201);
    expect(problemFields(expectProblem(await api().patch(`${base()}/${created.body.id as string}`).set(bearer(f.admin)).send({ url: 'https://[fe80::1%25eth0]/' }), 400, 'VALIDATION_FAILED'))).toEqual(['url']);
  });

  it('the document states the http(s) rule as a pattern next to format uri', async () => {
    const doc = (await api().get('/docs-json')).body as { components: { schemas: Record<string, { properties: Record<string, { format?: string; pattern?: string }> }> } };
    for (const name of ['CreateWebhookDto', 'UpdateWebhookDto']) {
      const url = doc.components.schemas[name]!.properties.url!;
      expect(url.format).toBe('uri');
      expect(new RegExp(url.pattern!).test('HTTPS://partner.example.nl/hook')).toBe(true);
      expect(new RegExp(url.pattern!).test('mailto:a@example.org')).toBe(false);
      expect(new RegExp(url.pattern!).test('https://пример.рф/x')).toBe(false);
      expect(new RegExp(url.pattern!).test('https://xn--e1afmkfd.xn--p1ai/x')).toBe(true);
    }
  });
});

describe('the queue dashboard', () => {
  it('a queue that does not exist (NUL in its name) is a 404, and nothing is written to the operations log', async () => {
    const operator = await t.app.get(TokenService).signDevOperatorToken('dev-operator');
    const logged = async () => Number((await systemDb(t.app).query<Array<{ n: string }>>('SELECT count(*) AS n FROM operations_log'))[0]!.n);
    const before = await logged();
    for (const queue of ['%00', 'no-such-queue']) {
      expectProblem(await api().put(`/admin/queues/api/queues/${queue}/pause`).set(bearer(operator)), 404, 'NOT_FOUND');
    }
    expectProblem(await api().put('/admin/queues/api/queues/events/%00/retry').set(bearer(operator)), 404, 'NOT_FOUND');
    expect(await logged()).toBe(before);
  });
});

describe('date-times are RFC 3339, as format date-time says', () => {
  it('accepts a space or lower-case t and z, and a leap second (read as the next minute); refuses a time without seconds or 24:00', async () => {
    const householdId = (await c.caseWithPlan(f)).householdId;
    const record = (occurredAt: string) => api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).send({ kind: 'call', occurredAt, note: 'Gebeld' });
    const stored: Record<string, string> = {
      '2026-03-01t14:30:00z': '2026-03-01T14:30:00.000Z',
      '2026-03-01 14:30:00Z': '2026-03-01T14:30:00.000Z',
      '2026-03-01T15:30:00.5+01:00': '2026-03-01T14:30:00.500Z',
      '2016-12-31T23:59:60Z': '2017-01-01T00:00:00.000Z',
      '2017-01-01T00:59:60+01:00': '2017-01-01T00:00:00.000Z',
    };
    for (const [sent, at] of Object.entries(stored)) {
      const created = await record(sent);
      expect(created.status).toBe(201);
      expect(created.body.occurredAt).toBe(at);
    }
    for (const sent of ['2026-03-01T14:30Z', '2026-03-01T24:00:00Z', '2026-03-01T14:30:60Z', '2026-02-30T10:00:00Z', '2026-03-01T14:30:00+01:60', '2026-03-01T14:30:00']) {
      expect(problemFields(expectProblem(await record(sent), 400, 'VALIDATION_FAILED'))).toEqual(['occurredAt']);
    }
  });
});

describe('a list that names one item twice is a 422 naming the list, the rule is in the document, and nothing changes', () => {
  it('life domains by code, hand-overs by household, network members and community resources by id', async () => {
    const domains = await api().get('/api/v1/life-domains').set(bearer(f.admin));
    const twice = [{ code: 'finances', labelNl: 'Financiën', labelEn: 'Finances' }, { code: 'finances', labelNl: 'Geld', labelEn: 'Money' }];
    const refusedDomains = await api().put('/api/v1/life-domains').set(bearer(f.admin)).set('If-Match', domains.headers.etag as string).send({ domains: twice });
    expect(problemFields(expectProblem(refusedDomains, 422, 'VALUE_NOT_ALLOWED'))).toEqual(['domains']);
    expect((await api().get('/api/v1/life-domains').set(bearer(f.admin))).headers.etag).toBe(domains.headers.etag);

    const householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    const leaving = f.coordinator.id;
    const handover = { householdId, professionalId: f.secondCoordinator.id };
    const refusedHandovers = await api().post(`/api/v1/professionals/${leaving}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst', handovers: [handover, handover] });
    expect(problemFields(expectProblem(refusedHandovers, 422, 'VALUE_NOT_ALLOWED'))).toEqual(['handovers']);
    expect((await api().get(`/api/v1/professionals/${leaving}`).set(bearer(f.admin))).body.active).toBe(true);

    const plan = await api().post(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).send({ networkMembers: [{ name: 'Oma Joke', relation: 'grandmother' }] });
    const kept = plan.body.networkMembers[0].id as string;
    const patch = (body: object) => api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', plan.headers.etag as string).send(body);
    const sameMember = [{ id: kept, name: 'Oma Joke', relation: 'grandmother', support: 'first' }, { id: kept, name: 'Oma Joke', relation: 'grandmother', support: 'second' }];
    expect(problemFields(expectProblem(await patch({ networkMembers: sameMember }), 422, 'VALUE_NOT_ALLOWED'))).toEqual(['networkMembers']);
    const resource = { id: kept, name: 'Buurthuis' };
    expect(problemFields(expectProblem(await patch({ communityResources: [resource, resource] }), 422, 'VALUE_NOT_ALLOWED'))).toEqual(['communityResources']);
    // new entries carry no id: two of them are two entries
    const added = await patch({ networkMembers: [sameMember[0], { name: 'Buurman', relation: 'neighbour' }, { name: 'Buurvrouw', relation: 'neighbour' }] });
    expect(added.status).toBe(200);
    expect(added.body.networkMembers).toHaveLength(3);

    const doc = (await api().get('/docs-json')).body as { components: { schemas: Record<string, { properties: Record<string, { description?: string }> }> } };
    const rule = (schema: string, property: string) => doc.components.schemas[schema]!.properties[property]!.description ?? '';
    expect(rule('ReplaceLifeDomainsDto', 'domains')).toContain("Each item's `code` at most once (422 otherwise).");
    expect(rule('DeactivateProfessionalDto', 'handovers')).toContain("Each item's `householdId` at most once (422 otherwise).");
    expect(rule('UpdatePlanDto', 'networkMembers')).toContain("Each item's `id` at most once (422 otherwise).");
    expect(rule('UpdatePlanDto', 'communityResources')).toContain("Each item's `id` at most once (422 otherwise).");
  });
});

describe('what an outside write fuzzer found (stop 41)', () => {
  it("an action's owner is an object: missing is a 400 naming owner (it was a 500), a list a 400 (a PATCH ignored it with 200)", async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'finances', title: 'Schulden' });
    const add = (body: object) => api().post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`).set(bearer(f.coordinator)).set('If-Match', goal.headers.etag as string).send(body);
    const owner = { type: 'professional', id: f.coordinator.id };
    expect(problemFields(expectProblem(await add({ description: 'Bellen' }), 400, 'VALIDATION_FAILED'))).toEqual(['owner']);
    expect(problemFields(expectProblem(await add({ description: 'Bellen', owner: [] }), 400, 'VALIDATION_FAILED'))).toEqual(['owner']);
    expect(problemFields(expectProblem(await add({ description: 'Bellen', owner: [owner] }), 400, 'VALIDATION_FAILED'))).toEqual(['owner']);
    const action = await add({ description: 'Bellen', owner });
    expect(action.status).toBe(201);
    const change = (body: object) => api().patch(`/api/v1/households/${householdId}/plan/actions/${action.body.id}`).set(bearer(f.coordinator)).set('If-Match', action.headers.etag as string).send(body);
    expect(problemFields(expectProblem(await change({ description: 'Nieuw', owner: [] }), 400, 'VALIDATION_FAILED'))).toEqual(['owner']);
    expect((await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator))).headers.etag).toBe(action.headers.etag);
    const doc = (await api().get('/docs-json')).body as { components: { schemas: Record<string, { required?: string[] }> } };
    expect(doc.components.schemas.CreateActionDto!.required).toContain('owner');
  });

  it('a date in year 0000 (RFC 3339 has it, PostgreSQL does not) is a 400 naming the field, and the document says so', async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const goal = (targetDate: string) => api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'housing', title: 'Woning', targetDate });
    expect(problemFields(expectProblem(await goal('0000-01-01'), 400, 'VALIDATION_FAILED'))).toEqual(['targetDate']);
    expect((await goal('0001-01-01')).status).toBe(201);
    const doc = (await api().get('/docs-json')).body as { components: { schemas: Record<string, { properties: Record<string, { format?: string; pattern?: string }> }> } };
    const targetDate = doc.components.schemas.CreateGoalDto!.properties.targetDate!;
    expect(targetDate.format).toBe('date');
    expect(new RegExp(targetDate.pattern!).test('0000-01-01')).toBe(false);
    expect(new RegExp(targetDate.pattern!).test('2026-12-07')).toBe(true);
  });

  it("a whole audit trail's verification answers reason null, and the document's enum for it lists null (a strict validator refused it)", async () => {
    const verified = await api().get('/api/v1/audit/verify').set(bearer(f.admin));
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true, reason: null });
    const doc = (await api().get('/docs-json')).body as { components: { schemas: Record<string, { properties: Record<string, { enum?: unknown[]; nullable?: boolean }> }> } };
    const reason = doc.components.schemas.ChainVerificationDto!.properties.reason!;
    expect(reason.nullable).toBe(true);
    expect(reason.enum).toContain(null);
  });

  it('a body whose bytes are not UTF-8 is a 400 saying so, not text stored with U+FFFD in their place', async () => {
    const householdId = (await c.caseWithPlan(f)).householdId;
    const bytes = Buffer.concat([Buffer.from('{"kind":"call","occurredAt":"2026-12-01T10:00:00Z","note":"Gebeld '), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    // sent as bytes (supertest would write a Buffer as JSON)
    const refused = await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).set('Content-Type', 'application/json').set('Accept-Language', 'en').serialize((b: Buffer) => b as unknown as string).send(bytes);
    expect(expectProblem(refused, 400, 'BAD_REQUEST').detail).toMatch(/not valid UTF-8/);
    expect((await api().get(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator))).body.items).toEqual([]);
    const sent = await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).set('Content-Type', 'application/json').serialize((b: Buffer) => b as unknown as string).send(Buffer.from('{"kind":"call","occurredAt":"2026-12-01T10:00:00Z","note":"Gebeld, één keer"}'));
    expect(sent.status).toBe(201);
  });

  it('a UUID in upper case is the same id, in a path and in a body (RFC 9562), as the document says', async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const plan = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', etag).send({ networkMembers: [{ name: 'Oma Joke', relation: 'grandmother' }] });
    expect(plan.status).toBe(200);
    const id = plan.body.networkMembers[0].id as string;
    const kept = await api()
      .patch(`/api/v1/households/${householdId.toUpperCase()}/plan`)
      .set(bearer(f.coordinator))
      .set('If-Match', plan.headers.etag as string)
      .send({ networkMembers: [{ id: id.toUpperCase(), name: 'Oma Joke', relation: 'grandmother', support: 'Haalt de kinderen op' }] });
    expect(kept.status).toBe(200);
    expect(kept.body.networkMembers).toEqual([expect.objectContaining({ id, support: 'Haalt de kinderen op' })]);
    const contact = await api().post(`/api/v1/households/${householdId.toUpperCase()}/contacts`).set(bearer(f.coordinator)).send({ kind: 'call', occurredAt: '2026-12-01T10:00:00Z', note: 'Gebeld' });
    expect(contact.status).toBe(201);
    expect(contact.headers.location).toContain(`/households/${householdId}/contacts/`);
  });
});

describe('paths and query strings are read as sent', () => {
  it('a path in other letter case is not the resource (404), as a trailing slash is not', async () => {
    const householdId = await c.registerHousehold(f.coordinator);
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).status).toBe(200);
    for (const path of ['/API/V1/HOUSEHOLDS', `/api/v1/Households/${householdId}`, '/api/v1/households/'.toUpperCase()]) {
      expectProblem(await api().get(path).set(bearer(f.coordinator)), 404);
    }
  });

  it('percent-encoded bytes that are not UTF-8 in a query parameter are a 400 naming it, not a search for U+FFFD', async () => {
    for (const value of ['%E2%82', '%ED%A0%80', '%FF']) {
      const refused = expectProblem(await api().get(`/api/v1/households?district=${value}`).set(bearer(f.coordinator)), 400, 'VALIDATION_FAILED');
      expect(problemFields(refused)).toEqual(['district']);
    }
    // real UTF-8, a plus for a space and an encoded U+FFFD itself are read as sent
    for (const value of ['Overvecht%20Noord', 'Overvecht+Noord', '%C3%A9', '%EF%BF%BD']) {
      expect((await api().get(`/api/v1/households?district=${value}`).set(bearer(f.coordinator))).status).toBe(200);
    }
  });
});

describe('an e-mail address is what the document says it is', () => {
  it("the server's verdict on each address is the document's pattern's (lengths of RFC 5321, ASCII only)", async () => {
    const doc = (await api().get('/docs-json')).body as { components: { schemas: Record<string, { properties: Record<string, { pattern?: string; format?: string }> }> } };
    const email = doc.components.schemas.CreateProfessionalDto!.properties.email!;
    expect(email.format).toBe('email');
    const pattern = new RegExp(email.pattern!);
    const own = randomUUID().replace(/-/g, '').slice(0, 8);
    const candidates = [
      ['fine', `f.elamrani.${own}@wijkteam.example.nl`],
      ['local part of 64', `${'a'.repeat(56)}${own}@example.nl`],
      ['local part of 65', `${'a'.repeat(57)}${own}@example.nl`],
      ['label of 63', `${own}@${'b'.repeat(63)}.nl`],
      ['label of 64', `x@${'b'.repeat(64)}.nl`],
      ['quoted local part', '"a b"@example.nl'],
      ['non-ASCII local part', 'ü@example.nl'],
      ['non-ASCII domain', 'a@bücher.nl'],
      ['no top-level domain', 'a@example'],
    ] as const;
    for (const [label, address] of candidates) {
      const res = await api().post('/api/v1/professionals').set(bearer(f.admin)).send({ organisationId: f.partnerOrganisationId, name: `Proef ${label}`, email: address, roles: ['professional'] });
      expect([label, res.status === 201]).toEqual([label, pattern.test(address)]);
      if (res.status !== 201) expect(problemFields(expectProblem(res, 400))).toEqual(['email']);
    }
  });
});

describe('preconditions and negotiation (RFC 9110)', () => {
  it('a stale If-Match is a 412 even when the change would change nothing', async () => {
    const householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    const household = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
    const member = (household.body.members as Array<{ id: string; givenName: string }>)[0]!;
    const patch = (ifMatch: string) =>
      api().patch(`/api/v1/households/${householdId}/members/${member.id}`).set(bearer(f.coordinator)).set('If-Match', ifMatch).send({ givenName: member.givenName });
    for (const stale of ['"999999"', 'garbage', `W/${household.headers.etag as string}`]) expectProblem(await patch(stale), 412);
    expect((await patch(household.headers.etag as string)).status).toBe(200);
  });

  it('CSV only when Accept prefers it (q=0 means not CSV); the answer varies by Accept and says so', async () => {
    const asked = (accept: string) => api().get('/api/v1/supervision/stalled').set(bearer(f.supervisor)).set('Accept', accept);
    for (const [accept, type] of [
      ['text/csv;q=0, application/json', 'application/json'],
      ['text/csv', 'text/csv'],
      ['application/json;q=0.5, text/csv', 'text/csv'],
      ['*/*', 'application/json'],
    ] as const) {
      const answer = await asked(accept);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toContain(type);
      expect(answer.headers.vary).toMatch(/\bAccept\b/);
    }
    const domains = await api().get('/api/v1/supervision/outcomes/domains').set(bearer(f.supervisor)).set('Accept', 'text/csv;q=0, application/json');
    expect(domains.headers['content-type']).toContain('application/json');
    expect(domains.headers.vary).toMatch(/\bAccept\b/);
  });
});

describe('the document', () => {
  it('documents 400, 413 and 415 on every operation: a body sent with a GET or DELETE is parsed too', async () => {
    const doc = (await api().get('/docs-json')).body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const missing = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, op]) => ['400', '413', '415'].filter((s) => !op.responses[s]).map((s) => `${method} ${path} ${s}`)),
    );
    expect(missing).toEqual([]);
    expect((await api().get('/api/v1/life-domains').set(bearer(f.coordinator)).set('Content-Type', 'text/plain').send('x')).status).toBe(415);
  });

  it('documents the Location a refused replay of a create carries (the first answer showed a secret)', async () => {
    const doc = (await api().get('/docs-json')).body as { paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>> };
    const create = doc.paths['/organisations/{organisationId}/webhooks']?.post ?? doc.paths['/api/v1/organisations/{organisationId}/webhooks']!.post!;
    expect(create.responses['409']!.headers!.Location).toBeDefined();
  });

  it('is not served at its path with a trailing slash (404), while Swagger UI keeps its own pages', async () => {
    expectProblem(await api().get('/docs-json/'), 404);
    expect((await api().get('/docs-json')).status).toBe(200);
    expect((await api().get('/docs/')).status).toBe(200);
  });
});

describe('requests the HTTP parser refuses', () => {
  /** A raw request on a socket: supertest cannot send what Node's parser refuses. */
  async function raw(text: string): Promise<{ head: string; body: string }> {
    const server = t.http.listening ? t.http : await new Promise<typeof t.http>((resolve) => t.http.listen(0, '127.0.0.1', () => resolve(t.http)));
    const { port } = server.address() as { port: number };
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(text));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('error', reject);
      socket.on('close', () => {
        const at = answer.indexOf('\r\n\r\n');
        resolve({ head: answer.slice(0, at), body: answer.slice(at + 4) });
      });
    });
  }

  it('headers over the limit get a 431 problem with API-Version (Node answered a bare status line); a malformed request a 400 problem', async () => {
    const big = await raw(`GET /api/v1/households HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(big.head).toMatch(/^HTTP\/1\.1 431 /);
    expect(big.head).toMatch(/\r\nAPI-Version: \d+\.\d+\.\d+\r\n/i);
    expect(big.head).toMatch(/\r\nContent-Type: application\/problem\+json/i);
    expect(JSON.parse(big.body)).toMatchObject({ status: 431, code: 'REQUEST_HEADERS_TOO_LARGE', type: expect.stringContaining('request-headers-too-large'), title: 'Headers van het verzoek te groot / Request headers too large', detail: expect.stringContaining('16 kB') });
    const malformed = await raw('THIS IS NOT HTTP\r\n\r\n');
    expect(malformed.head).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(malformed.body)).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
  });
});

