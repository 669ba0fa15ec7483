import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ENGLISH, bearer, createTenantFixture, expectProblem, problemFields, startTestApp, type Problem, type TenantFixture, type TestApp } from './harness/index.js';

/**
 * Problem texts are Dutch for the case managers who use Eenplan, English for a partner's integrator who asks for it
 * (Accept-Language, RFC 9110 §12.5.4). The code and the `type` URI are the contract and never change with the language.
 */
let t: TestApp;
let f: TenantFixture;
beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
});
afterAll(async () => {
  await t?.close();
});
const api = () => request(t.http);

/** The problem and the language its answer says it is in. */
function problemIn(res: request.Response, status: number, language: 'nl' | 'en', code?: string): Problem {
  const problem = expectProblem(res, status, code);
  expect(res.headers['content-language']).toBe(language);
  expect(res.headers.vary).toMatch(/Accept-Language/i);
  return problem;
}

describe('the language of problem texts', () => {
  it('is Dutch by default, with Content-Language: nl', async () => {
    const problem = problemIn(await api().get('/api/v1/organisations'), 401, 'nl', 'TOKEN_MISSING');
    expect(problem.title).toBe('Aanmelden vereist');
    expect(problem.detail).toMatch(/^Stuur "Authorization: Bearer <token>" mee\./);
  });

  it('is English when the request asks for it; code, status and type stay the same', async () => {
    const nl = problemIn(await api().get('/api/v1/organisations'), 401, 'nl');
    const en = problemIn(await api().get('/api/v1/organisations').set(ENGLISH), 401, 'en');
    expect(en.title).toBe('Authentication required');
    expect(en.detail).toMatch(/^Send "Authorization: Bearer <token>"\./);
    expect({ code: en.code, type: en.type, status: en.status }).toEqual({ code: nl.code, type: nl.type, status: nl.status });
    expect(en.type).toBe('https://eenplan.nl/problems/token-missing');
  });

  it.each([
    ['en-GB,en;q=0.9', 'en'],
    ['nl;q=0.5, en;q=0.8', 'en'],
    ['en;q=0.3, nl', 'nl'],
    ['fr, en;q=0.1', 'en'],
    ['nl-BE', 'nl'],
    ['en;q=0', 'nl'],
    ['nl;q=0, *', 'en'],
  ])('follows the q-values: Accept-Language %j → %s', async (header, language) => {
    const problem = problemIn(await api().get('/api/v1/organisations').set('Accept-Language', header), 401, language as 'nl' | 'en', 'TOKEN_MISSING');
    expect(problem.title).toBe(language === 'en' ? 'Authentication required' : 'Aanmelden vereist');
  });

  it.each(['fr', 'de-DE, fr;q=0.8', '*', 'en;q=banana', 'x'.repeat(300)])('falls back to Dutch for languages it does not speak or cannot read: %j', async (header) => {
    const problem = problemIn(await api().get('/api/v1/organisations').set('Accept-Language', header), 401, 'nl', 'TOKEN_MISSING');
    expect(problem.title).toBe('Aanmelden vereist');
  });
});

describe('validation problems', () => {
  const invalid = { name: 'x'.repeat(201), kind: 'bakery', colour: 'Jan de Vries' };

  it('name the same fields in both languages, each message in the language asked for', async () => {
    const nl = problemIn(await api().post('/api/v1/organisations').set(bearer(f.admin)).send(invalid), 400, 'nl', 'VALIDATION_FAILED');
    const en = problemIn(await api().post('/api/v1/organisations').set(bearer(f.admin)).set(ENGLISH).send(invalid), 400, 'en', 'VALIDATION_FAILED');
    expect(problemFields(nl).sort()).toEqual(['colour', 'kind', 'name']);
    expect(problemFields(en)).toEqual(problemFields(nl));
    expect(nl.title).toBe('Het verzoek is niet geldig');
    expect(en.title).toBe('The request is not valid');
    expect(nl.detail).toMatch(/^Verbeter deze velden: /);
    expect(en.detail).toMatch(/^Correct these fields: /);
    const messages = (problem: Problem, field: string) => problem.errors!.find((e) => e.field === field)!.messages;
    // the arguments of the rule (200, the allowed kinds) are in the Dutch text too
    expect(messages(nl, 'name')).toEqual(['name mag hoogstens 200 tekens lang zijn']);
    expect(messages(en, 'name')).toEqual(['name must be shorter than or equal to 200 characters']);
    expect(messages(nl, 'kind')).toEqual([expect.stringMatching(/^kind moet een van deze waarden zijn: .*welfare/)]);
    expect(messages(en, 'kind')).toEqual([expect.stringMatching(/^kind must be one of the following values: .*welfare/)]);
    expect(messages(nl, 'colour')).toEqual(['het veld colour is niet toegestaan']);
    expect(messages(en, 'colour')).toEqual(['property colour should not exist']);
  });

  it('never repeat the values that were sent (they may be personal data)', async () => {
    for (const language of ['nl', 'en']) {
      const res = await api().post('/api/v1/organisations').set(bearer(f.admin)).set('Accept-Language', language).send(invalid);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.text).not.toContain('Jan de Vries');
      expect(res.text).not.toContain('xxxxxxxxxx');
    }
  });

  it('of fields in a list name the element, in both languages', async () => {
    const household = {
      postcode: '1234 zz9',
      houseNumber: 100000,
      district: 'Noord',
      registrationReason: 'Schulden',
      riskLevel: 'medium',
      members: [{ givenName: 'Samira', familyName: '   ', dateOfBirth: '2999-01-01', role: 'parent' }],
    };
    const nl = problemIn(await api().post('/api/v1/households').set(bearer(f.coordinator)).send(household), 400, 'nl', 'VALIDATION_FAILED');
    const en = problemIn(await api().post('/api/v1/households').set(bearer(f.coordinator)).set(ENGLISH).send(household), 400, 'en', 'VALIDATION_FAILED');
    const byField = (problem: Problem) => Object.fromEntries(problem.errors!.map((e) => [e.field, e.messages]));
    expect(byField(nl)).toEqual({
      postcode: ['postcode moet een Nederlandse postcode zijn, zoals 1234 AB'],
      houseNumber: ['houseNumber mag niet groter zijn dan 99999'],
      'members[0].familyName': ['familyName mag niet leeg zijn of alleen uit spaties bestaan'],
      'members[0].dateOfBirth': ['dateOfBirth moet een datum (jjjj-mm-dd) zijn tussen 1900-01-01 en vandaag'],
    });
    expect(byField(en)).toEqual({
      postcode: ['postcode must be a Dutch postcode like 1234 AB'],
      houseNumber: ['houseNumber must not be greater than 99999'],
      'members[0].familyName': ['familyName must not be empty or only spaces'],
      'members[0].dateOfBirth': ['dateOfBirth must be a date (yyyy-mm-dd) between 1900-01-01 and today'],
    });
  });

  it('say only what is wrong: a value of the wrong type its type, a missing one that it is required, a list for a body what to send', async () => {
    const household = { houseNumber: '12', district: 'Noord', registrationReason: 'Schulden', riskLevel: 'medium', members: 'abc' };
    const en = problemIn(await api().post('/api/v1/households').set(bearer(f.coordinator)).set(ENGLISH).send(household), 400, 'en', 'VALIDATION_FAILED');
    expect(Object.fromEntries(en.errors!.map((e) => [e.field, e.messages]))).toEqual({
      postcode: ['postcode is required'],
      houseNumber: ['houseNumber must be an integer number'],
      members: ['members must be an array'],
    });
    const nl = problemIn(await api().post('/api/v1/households').set(bearer(f.coordinator)).send(household), 400, 'nl', 'VALIDATION_FAILED');
    expect(nl.errors!.find((e) => e.field === 'postcode')!.messages).toEqual(['postcode is verplicht']);
    const list = problemIn(await api().post('/api/v1/households').set(bearer(f.coordinator)).set(ENGLISH).send([household]), 400, 'en', 'VALIDATION_FAILED');
    expect(list.detail).toBe('Send the request body as one JSON object ({ … }), not as a list.');
  });

  it('of a rule with its own message are in both languages', async () => {
    const nl = problemIn(await api().get('/api/v1/supervision/outcomes?from=2026-13').set(bearer(f.supervisor)), 400, 'nl', 'VALIDATION_FAILED');
    const en = problemIn(await api().get('/api/v1/supervision/outcomes?from=2026-13').set(bearer(f.supervisor)).set(ENGLISH), 400, 'en', 'VALIDATION_FAILED');
    expect(nl.errors).toEqual([{ field: 'from', messages: ['from moet een maand zijn in de vorm jjjj-mm'] }]);
    expect(en.errors).toEqual([{ field: 'from', messages: ['from must be a month written as yyyy-mm'] }]);
  });

  it('of a path parameter are in both languages', async () => {
    const nl = problemIn(await api().get('/api/v1/households/not-a-uuid').set(bearer(f.coordinator)), 400, 'nl', 'VALIDATION_FAILED');
    const en = problemIn(await api().get('/api/v1/households/not-a-uuid').set(bearer(f.coordinator)).set(ENGLISH), 400, 'en', 'VALIDATION_FAILED');
    expect(nl.errors).toEqual([{ field: 'householdId', messages: ['householdId moet een UUID zijn'] }]);
    expect(en.errors).toEqual([{ field: 'householdId', messages: ['householdId must be a UUID'] }]);
  });
});

describe('every kind of problem speaks both languages', () => {
  /** Sends the same request twice, in Dutch and in English, and checks that only the texts differ. */
  async function both(send: () => request.Test, status: number, code: string): Promise<{ nl: Problem; en: Problem }> {
    const nl = problemIn(await send(), status, 'nl', code);
    const en = problemIn(await send().set(ENGLISH), status, 'en', code);
    expect(en.type).toBe(nl.type);
    expect(en.title).not.toBe(nl.title);
    expect(en.detail).not.toBe(nl.detail);
    return { nl, en };
  }

  it('a module error (404 household), its id in both texts', async () => {
    const id = randomUUID();
    const { nl, en } = await both(() => api().get(`/api/v1/households/${id}`).set(bearer(f.coordinator)), 404, 'HOUSEHOLD_NOT_FOUND');
    expect(nl.title).toBe('Huishouden niet gevonden');
    expect(en.title).toBe('Household not found');
    expect(nl.detail).toContain(id);
    expect(en.detail).toContain(id);
  });

  it('an unknown route (404), a trailing slash (404) and a wrong method (405, with Allow)', async () => {
    const unknown = await both(() => api().get('/api/v1/nothing-here').set(bearer(f.admin)), 404, 'NOT_FOUND');
    expect(unknown.nl.detail).toBe('Deze route bestaat niet. Zie /docs voor de API.');
    expect(unknown.en.detail).toBe('There is no such route. See /docs for the API.');
    const outside = await both(() => api().get('/no-api-here'), 404, 'NOT_FOUND');
    expect(outside.nl.title).toBe('Niet gevonden');
    const slash = await both(() => api().get('/api/v1/households/').set(bearer(f.coordinator)), 404, 'NOT_FOUND');
    expect(slash.nl.detail).toContain('schuine streep');
    const method = await both(() => api().delete('/api/v1/households').set(bearer(f.coordinator)), 405, 'METHOD_NOT_ALLOWED');
    expect(method.nl.detail).toBe('Dit pad ondersteunt DELETE niet. Het ondersteunt: GET, HEAD, POST.');
    expect(method.en.title).toBe('Method not allowed');
  });

  it('a 403 for a role, invalid JSON (400), a body that is not JSON (415) and one too large (413)', async () => {
    const role = await both(() => api().post('/api/v1/organisations').set(bearer(f.coordinator)).send({ name: 'Team', kind: 'welfare' }), 403, 'ROLE_REQUIRED');
    expect(role.nl.detail).toBe('Hiervoor is een van deze rollen nodig: admin.');
    const json = await both(() => api().post('/api/v1/organisations').set(bearer(f.admin)).set('Content-Type', 'application/json').send('{"name": "Half'), 400, 'BAD_REQUEST');
    expect(json.nl.detail).toBe('De inhoud van het verzoek is geen geldige JSON.');
    await both(() => api().post('/api/v1/organisations').set(bearer(f.admin)).set('Content-Type', 'text/plain').send('name=School'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const large = await both(() => api().post('/api/v1/organisations').set(bearer(f.admin)).send({ name: 'Groot', kind: 'welfare', notes: 'x'.repeat(110 * 1024) }), 413, 'PAYLOAD_TOO_LARGE');
    expect(large.nl.title).toBe('Inhoud van het verzoek te groot');
  });

  it('an idempotency problem', async () => {
    const { nl } = await both(() => api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', 'spatie niet toegestaan').send({}), 400, 'IDEMPOTENCY_KEY_INVALID');
    expect(nl.errors).toEqual([{ field: 'Idempotency-Key', messages: ['moet uit 1–255 zichtbare ASCII-tekens bestaan'] }]);
  });

  it('a precondition problem (428) names the resource in Dutch', async () => {
    const { nl } = await both(() => api().patch(`/api/v1/households/${randomUUID()}`).set(bearer(f.coordinator)).send({ district: 'Noord' }), 428, 'PRECONDITION_REQUIRED');
    expect(nl.detail).toContain('Voor het wijzigen van het huishouden is een If-Match-header nodig');
  });
});

describe('rate limits', () => {
  let limited: TestApp;
  let g: TenantFixture;
  beforeAll(async () => {
    limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: '2' });
    g = await createTenantFixture(limited.app);
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('a 429 is in the language asked for, with Retry-After', async () => {
    const read = () => request(limited.http).get('/api/v1/life-domains').set(bearer(g.coordinator));
    for (let i = 0; i < 2; i++) expect((await read()).status).toBe(200);
    const nl = problemIn(await read(), 429, 'nl', 'TOO_MANY_REQUESTS');
    expect(nl.title).toBe('Te veel verzoeken');
    expect(nl.detail).toMatch(/^U hebt meer dan 2 verzoeken in een minuut gestuurd\./);
    const en = problemIn(await read().set(ENGLISH), 429, 'en', 'TOO_MANY_REQUESTS');
    expect(en.detail).toMatch(/^You sent more than 2 requests in a minute\./);
  });
});
