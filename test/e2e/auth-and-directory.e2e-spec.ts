import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import {
  ENGLISH,
  bearer,
  createOrganisation,
  createTenantFixture,
  expectProblem,
  problemFields,
  startTestApp,
  tokenFor,
  uniqueSuffix,
  type TenantFixture,
  type TestApp,
  systemDb,
} from './harness/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestApp;
let a: TenantFixture;
let b: TenantFixture;

beforeAll(async () => {
  t = await startTestApp();
  a = await createTenantFixture(t.app, 'Gemeente A');
  b = await createTenantFixture(t.app, 'Gemeente B');
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);

async function countRows(table: 'organisation' | 'professional', tenantId: string): Promise<number> {
  const rows = await systemDb(t.app).query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [tenantId]);
  return rows[0]?.n ?? 0;
}

describe('signing in with a bearer token', () => {
  it('refuses a request without a token with 401 problem+json', async () => {
    const body = expectProblem(await api().get('/api/v1/organisations').set(ENGLISH), 401, 'TOKEN_MISSING');
    expect(body.title).toBe('Authentication required');
    expect(body.instance).toBe('/api/v1/organisations');
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    expectProblem(await api().get('/api/v1/organisations').set('Authorization', 'Basic dXNlcjpwYXNz'), 401, 'TOKEN_MISSING');
  });

  it('refuses a malformed token', async () => {
    expectProblem(await api().get('/api/v1/organisations').set(bearer('not-a-jwt')), 401, 'TOKEN_INVALID');
  });

  it('refuses a token signed with another key, even with the right key id', async () => {
    const { kid } = decodeProtectedHeader(a.admin.token);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: kid! })
      .setSubject(a.admin.authSubject)
      .setIssuer('http://localhost:3000/dev-issuer')
      .setAudience('eenplan-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    expectProblem(await api().get('/api/v1/organisations').set(bearer(forged)), 401, 'TOKEN_INVALID');
  });

  it('refuses an expired token and says it expired', async () => {
    const expired = await tokenFor(t.app, a.admin.authSubject, -120);
    const body = expectProblem(await api().get('/api/v1/organisations').set(bearer(expired)).set(ENGLISH), 401, 'TOKEN_EXPIRED');
    expect(body.detail).toMatch(/expired/i);
  });

  it('refuses a valid token whose subject is no professional in Eenplan', async () => {
    const stranger = await tokenFor(t.app, `nobody-${uniqueSuffix()}`);
    expectProblem(await api().get('/api/v1/organisations').set(bearer(stranger)), 401, 'UNKNOWN_SUBJECT');
  });

  it('lets a professional with a valid token in', async () => {
    const res = await api().get('/api/v1/organisations').set(bearer(a.partner));
    expect(res.status).toBe(200);
  });
});

describe('organisations', () => {
  it('lets an admin register an organisation: 201, Location, and the new organisation can be read back', async () => {
    const name = `Schuldhulp Oost ${uniqueSuffix()}`;
    const res = await api().post('/api/v1/organisations').set(bearer(a.admin)).send({ name, kind: 'debt_counselling' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(UUID), name, kind: 'debt_counselling', isIntakeTeam: false, createdAt: expect.any(String) });
    expect(new Date((res.body as { createdAt: string }).createdAt).toISOString()).toBe((res.body as { createdAt: string }).createdAt);
    const id = (res.body as { id: string }).id;
    expect(res.headers.location).toBe(`/api/v1/organisations/${id}`);

    const read = await api().get(res.headers.location ?? '').set(bearer(a.coordinator));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it.each([
    ['supervisor', () => a.supervisor],
    ['coordinator', () => a.coordinator],
    ['partner professional', () => a.partner],
  ])('refuses a %s who tries to register an organisation with 403, and writes nothing', async (_role, who) => {
    const before = await countRows('organisation', a.tenantId);
    const res = await api().post('/api/v1/organisations').set(bearer(who())).send({ name: `Niet toegestaan ${uniqueSuffix()}`, kind: 'welfare' });
    expectProblem(res, 403, 'ROLE_REQUIRED');
    expect(await countRows('organisation', a.tenantId)).toBe(before);
  });

  it('refuses a second organisation with the same name with 409', async () => {
    const name = `Woningcorporatie ${uniqueSuffix()}`;
    const first = await api().post('/api/v1/organisations').set(bearer(a.admin)).send({ name, kind: 'housing' });
    expect(first.status).toBe(201);
    const before = await countRows('organisation', a.tenantId);
    const second = await api().post('/api/v1/organisations').set(bearer(a.admin)).send({ name, kind: 'housing' });
    expectProblem(second, 409, 'ORGANISATION_NAME_TAKEN');
    expect(await countRows('organisation', a.tenantId)).toBe(before);
  });

  it('allows the same organisation name in another municipality', async () => {
    const name = `Politie Basisteam ${uniqueSuffix()}`;
    expect((await api().post('/api/v1/organisations').set(bearer(a.admin)).send({ name, kind: 'police' })).status).toBe(201);
    expect((await api().post('/api/v1/organisations').set(bearer(b.admin)).send({ name, kind: 'police' })).status).toBe(201);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['an unknown field', { name: 'Extra', kind: 'welfare', secret: true }, ['secret']],
    ['fields of the wrong type', { name: 42, kind: 'welfare', isIntakeTeam: 'yes' }, ['name', 'isIntakeTeam']],
    ['an unknown kind', { name: 'Onbekend soort', kind: 'bakery' }, ['kind']],
    ['a name over 200 characters', { name: 'x'.repeat(201), kind: 'welfare' }, ['name']],
    ['an empty name', { name: '', kind: 'welfare' }, ['name']],
    ['missing fields', {}, ['name', 'kind']],
  ])('rejects %s with 400 naming the fields, and writes nothing', async (_what, payload, fields) => {
    const before = await countRows('organisation', a.tenantId);
    const res = await api().post('/api/v1/organisations').set(bearer(a.admin)).send(payload);
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(problemFields(body).sort()).toEqual([...fields].sort());
    for (const field of fields) expect(body.detail).toContain(field);
    expect(await countRows('organisation', a.tenantId)).toBe(before);
  });

  it('rejects an organisation id that is not a UUID with 400 naming the parameter', async () => {
    const body = expectProblem(await api().get('/api/v1/organisations/not-a-uuid').set(bearer(a.admin)), 400, 'VALIDATION_FAILED');
    expect(problemFields(body)).toEqual(['organisationId']);
  });

  it('answers 404 for an organisation that does not exist', async () => {
    expectProblem(await api().get('/api/v1/organisations/00000000-0000-4000-8000-000000000000').set(bearer(a.admin)), 404, 'ORGANISATION_NOT_FOUND');
  });

  it('pages through all organisations with limit and cursor, in name order, without repeats', async () => {
    const tenant = await createTenantFixture(t.app, 'Gemeente Paginering');
    for (const name of ['Buurthuis', 'Amateurvoetbal', 'Cultuurhuis']) await createOrganisation(t.app, { tenantId: tenant.tenantId, name });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await api()
        .get('/api/v1/organisations')
        .query(cursor ? { limit: 2, cursor } : { limit: 2 })
        .set(bearer(tenant.coordinator));
      expect(res.status).toBe(200);
      const page = res.body as { items: Array<{ name: string }>; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((o) => o.name));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['Amateurvoetbal', 'Buurthuis', 'Cultuurhuis', 'Jeugdhulp Midden', 'Wijkteam Centrum']);
    expect(pages).toBe(3);
  });

  it('returns a full list with nextCursor null when everything fits on one page', async () => {
    const res = await api().get('/api/v1/organisations').query({ limit: 100 }).set(bearer(b.partner));
    expect(res.status).toBe(200);
    expect((res.body as { nextCursor: unknown }).nextCursor).toBeNull();
  });

  it.each([
    ['a cursor it never handed out', { cursor: 'bm90LWEtY3Vyc29y' }, 'INVALID_CURSOR', 'cursor'],
    ['a limit of 0', { limit: 0 }, 'VALIDATION_FAILED', 'limit'],
    ['a limit above 100', { limit: 101 }, 'VALIDATION_FAILED', 'limit'],
    ['a limit that is not a number', { limit: 'ten' }, 'VALIDATION_FAILED', 'limit'],
    ['an unknown query parameter', { sort: 'name' }, 'VALIDATION_FAILED', 'sort'],
  ])('rejects %s with 400', async (_what, query, code, field) => {
    const body = expectProblem(await api().get('/api/v1/organisations').query(query).set(bearer(a.admin)), 400, code);
    expect(problemFields(body)).toContain(field);
  });
});

describe('professionals', () => {
  it('lets an admin add a professional who can then sign in', async () => {
    const email = `Noor.Visser.${uniqueSuffix()}@GGZ.example.nl`;
    const res = await api()
      .post('/api/v1/professionals')
      .set(bearer(a.admin))
      .send({ organisationId: a.partnerOrganisationId, name: 'Noor Visser', email, roles: ['professional'] });
    expect(res.status).toBe(201);
    const created = res.body as { id: string; authSubject: string };
    expect(res.body).toEqual({
      id: expect.stringMatching(UUID),
      organisationId: a.partnerOrganisationId,
      name: 'Noor Visser',
      email: email.toLowerCase(),
      roles: ['professional'],
      authSubject: created.id,
      active: true,
      createdAt: expect.any(String),
    });
    expect(res.headers.location).toBe(`/api/v1/professionals/${created.id}`);

    const own = await api().get(res.headers.location ?? '').set(bearer(await tokenFor(t.app, created.authSubject)));
    expect(own.status).toBe(200);
    expect(own.body).toEqual(res.body);
  });

  it('keeps the authSubject an admin gives (the identity provider subject)', async () => {
    const authSubject = `idp|${uniqueSuffix()}`;
    const res = await api()
      .post('/api/v1/professionals')
      .set(bearer(a.admin))
      .send({ organisationId: a.ownOrganisationId, name: 'Ilse de Jong', email: `ilse.${uniqueSuffix()}@example.nl`, roles: ['coordinator', 'supervisor'], authSubject });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ authSubject, roles: ['coordinator', 'supervisor'] });
  });

  it('refuses a coordinator who tries to add a professional with 403, and writes nothing', async () => {
    const before = await countRows('professional', a.tenantId);
    const res = await api()
      .post('/api/v1/professionals')
      .set(bearer(a.coordinator))
      .send({ organisationId: a.ownOrganisationId, name: 'Niet toegestaan', email: `nee.${uniqueSuffix()}@example.nl`, roles: ['admin'] });
    expectProblem(res, 403, 'ROLE_REQUIRED');
    expect(await countRows('professional', a.tenantId)).toBe(before);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['an unknown role', { roles: ['chief'] }, ['roles']],
    ['no roles', { roles: [] }, ['roles']],
    ['an invalid e-mail address', { email: 'not-an-email' }, ['email']],
    ['an organisationId that is not a UUID', { organisationId: 'org-1' }, ['organisationId']],
    ['an unknown field', { isAdmin: true }, ['isAdmin']],
    ['a name over 200 characters', { name: 'n'.repeat(201) }, ['name']],
    ['an authSubject over 255 characters', { authSubject: 's'.repeat(256) }, ['authSubject']],
    ['an authSubject with a line break (it reaches operators\' logs)', { authSubject: 'idp|a\nforged line' }, ['authSubject']],
    ['an authSubject with a space', { authSubject: 'idp a' }, ['authSubject']],
  ])('rejects %s with 400 naming the fields, and writes nothing', async (_what, override, fields) => {
    const before = await countRows('professional', a.tenantId);
    const payload = { organisationId: a.ownOrganisationId, name: 'Geldig Naam', email: `geldig.${uniqueSuffix()}@example.nl`, roles: ['coordinator'], ...override };
    const body = expectProblem(await api().post('/api/v1/professionals').set(bearer(a.admin)).send(payload), 400, 'VALIDATION_FAILED');
    expect(problemFields(body).sort()).toEqual([...fields].sort());
    expect(await countRows('professional', a.tenantId)).toBe(before);
  });

  it('refuses a second professional with the same e-mail address in the municipality with 409', async () => {
    const payload = { organisationId: a.ownOrganisationId, name: 'Dubbel', email: a.coordinator.email, roles: ['coordinator'] };
    expectProblem(await api().post('/api/v1/professionals').set(bearer(a.admin)).send(payload), 409, 'PROFESSIONAL_EMAIL_TAKEN');
  });

  it('refuses an authSubject that another professional already signs in with with 409', async () => {
    const payload = { organisationId: a.ownOrganisationId, name: 'Dubbel', email: `dubbel.${uniqueSuffix()}@example.nl`, roles: ['coordinator'], authSubject: b.admin.authSubject };
    expectProblem(await api().post('/api/v1/professionals').set(bearer(a.admin)).send(payload), 409, 'AUTH_SUBJECT_TAKEN');
  });

  it('refuses to add a professional to an organisation of another municipality with 404, and writes nothing', async () => {
    const before = await countRows('professional', a.tenantId);
    const payload = { organisationId: b.partnerOrganisationId, name: 'Grensganger', email: `grens.${uniqueSuffix()}@example.nl`, roles: ['professional'] };
    expectProblem(await api().post('/api/v1/professionals').set(bearer(a.admin)).send(payload), 404, 'ORGANISATION_NOT_FOUND');
    expect(await countRows('professional', a.tenantId)).toBe(before);
  });

  it('rejects a professional id that is not a UUID with 400 naming the parameter', async () => {
    const body = expectProblem(await api().get('/api/v1/professionals/123').set(bearer(a.admin)), 400, 'VALIDATION_FAILED');
    expect(problemFields(body)).toEqual(['professionalId']);
  });

  it('pages through the professionals of the municipality by name and filters by role', async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i += 1) {
      const res = await api()
        .get('/api/v1/professionals')
        .query(cursor ? { limit: 4, cursor } : { limit: 4 })
        .set(bearer(b.supervisor));
      expect(res.status).toBe(200);
      const page = res.body as { items: Array<{ name: string }>; nextCursor: string | null };
      names.push(...page.items.map((p) => p.name));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['Anna Admin', 'Carla Coordinator', 'Chris Coordinator', 'Pieter Partner', 'Priya Partner', 'Sanne Supervisor']));
    expect(new Set(names).size).toBe(names.length);

    const coordinators = await api().get('/api/v1/professionals').query({ role: 'coordinator' }).set(bearer(b.supervisor));
    expect((coordinators.body as { items: Array<{ id: string }> }).items.map((p) => p.id).sort()).toEqual([b.coordinator.id, b.secondCoordinator.id].sort());
  });

  it('rejects an invalid cursor on the professionals list with 400', async () => {
    expectProblem(await api().get('/api/v1/professionals').query({ cursor: '!!!' }).set(bearer(a.admin)), 400, 'INVALID_CURSOR');
  });
});

describe('municipalities never see each other', () => {
  it("answers 404 when a professional of one municipality asks for another municipality's organisation", async () => {
    expectProblem(await api().get(`/api/v1/organisations/${b.partnerOrganisationId}`).set(bearer(a.admin)), 404, 'ORGANISATION_NOT_FOUND');
  });

  it("answers 404 when a professional of one municipality asks for another municipality's professional", async () => {
    expectProblem(await api().get(`/api/v1/professionals/${b.coordinator.id}`).set(bearer(a.supervisor)), 404, 'PROFESSIONAL_NOT_FOUND');
  });

  it("does not list another municipality's organisations or professionals", async () => {
    const orgs = await api().get('/api/v1/organisations').query({ limit: 100 }).set(bearer(a.admin));
    const orgIds = (orgs.body as { items: Array<{ id: string }> }).items.map((o) => o.id);
    expect(orgIds).toContain(a.partnerOrganisationId);
    expect(orgIds).not.toContain(b.partnerOrganisationId);
    expect(orgIds).not.toContain(b.ownOrganisationId);

    const pros = await api().get('/api/v1/professionals').query({ limit: 100 }).set(bearer(a.admin));
    const proIds = (pros.body as { items: Array<{ id: string }> }).items.map((p) => p.id);
    expect(proIds).toContain(a.partner.id);
    expect(proIds).not.toContain(b.partner.id);
  });

  it("answers a filter on another municipality's organisation with an empty list", async () => {
    const res = await api().get('/api/v1/professionals').query({ organisationId: b.ownOrganisationId }).set(bearer(a.admin));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });
});

describe('reference data', () => {
  it('lists the 14 default life domains in order', async () => {
    const res = await api().get('/api/v1/life-domains').set(bearer(a.partner));
    expect(res.status).toBe(200);
    const domains = res.body as Array<{ code: string; labelNl: string; labelEn: string; active: boolean }>;
    expect(domains).toHaveLength(14);
    expect(domains[0]).toEqual({ code: 'finances', labelNl: 'Financiën', labelEn: 'Finances', active: true });
    expect(domains.map((d) => d.code)).toContain('parenting');
    expect(domains.every((d) => d.active)).toBe(true);
  });
});

describe('operations and documentation', () => {
  it.each(['/health/live', '/health/ready'])('answers %s with 200 without a token', async (path) => {
    const res = await api().get(path);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok' });
  });

  it('reports the database as up on /health/ready', async () => {
    const res = await api().get('/health/ready');
    expect(res.body).toMatchObject({ info: { database: { status: 'up' } } });
  });

  it('serves the OpenAPI document with the directory operations', async () => {
    const res = await api().get('/docs-json');
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, { operationId?: string }>> };
    expect(doc.openapi).toMatch(/^3\./);
    const operationIds = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(operationIds).toEqual(
      expect.arrayContaining(['createOrganisation', 'listOrganisations', 'getOrganisation', 'createProfessional', 'listProfessionals', 'getProfessional']),
    );
    expect(doc.paths['/organisations']).toBeDefined();
  });

  it('answers 404 problem+json for a route that does not exist', async () => {
    expectProblem(await api().get('/api/v1/no-such-thing').set(bearer(a.admin)), 404);
  });
});

describe('request bodies', () => {
  it('rejects a body that is not valid JSON with 400 problem+json', async () => {
    const res = await api().post('/api/v1/organisations').set(bearer(a.admin)).set('Content-Type', 'application/json').send('{"name": "Half');
    const body = expectProblem(res, 400);
    expect(body.detail).toMatch(/JSON/);
  });

  it('rejects a body over 100 kB with 413 problem+json, and writes nothing', async () => {
    const before = await countRows('organisation', a.tenantId);
    const res = await api()
      .post('/api/v1/organisations')
      .set(bearer(a.admin))
      .send({ name: 'Groot', kind: 'welfare', notes: 'x'.repeat(110 * 1024) });
    expectProblem(res, 413);
    expect(await countRows('organisation', a.tenantId)).toBe(before);
  });
});
