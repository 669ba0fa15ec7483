import request from 'supertest';
import { ENGLISH, bearer, createTenantFixture, expectProblem, problemFields, startTestApp, type TenantFixture, type TestApp } from './harness/index.js';
import { encodeCursor } from '../../src/common/pagination.js';

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

describe('errors a person can act on', () => {
  it('a name of only spaces is refused with 400 naming the field', async () => {
    const res = await api().post('/api/v1/organisations').set(bearer(f.admin)).send({ name: '   ', kind: 'school' });
    expect(problemFields(expectProblem(res, 400, 'VALIDATION_FAILED'))).toEqual(['name']);
  });

  it('invalid JSON is a 400 that does not echo the body back', async () => {
    const res = await api().post('/api/v1/households').set(bearer(f.coordinator)).set(ENGLISH).set('Content-Type', 'application/json').send('{"district": "Geheime Naam"');
    const problem = expectProblem(res, 400);
    expect(problem.detail).toBe('The request body is not valid JSON.');
    expect(res.text).not.toContain('Geheime');
  });

  it('a body that is not JSON is a 415, not a silently empty request', async () => {
    const res = await api().post('/api/v1/organisations').set(bearer(f.admin)).set('Content-Type', 'text/plain').send('name=School');
    expectProblem(res, 415);
  });

  it('an unknown route points to the documentation', async () => {
    const problem = expectProblem(await api().get('/api/v1/nothing-here').set(bearer(f.admin)), 404);
    expect(problem.detail).toContain('/docs');
  });

  it('an edited cursor is a 400 INVALID_CURSOR, never a database error', async () => {
    for (const key of [['a', 'not-a-uuid'], [1, 2], ['2026-01-01T00:00:00.000Z']]) {
      const res = await api().get(`/api/v1/households?cursor=${encodeCursor(key)}`).set(bearer(f.supervisor));
      expectProblem(res, 400, 'INVALID_CURSOR');
      const orgs = await api().get(`/api/v1/organisations?cursor=${encodeCursor(key)}`).set(bearer(f.supervisor));
      expectProblem(orgs, 400, 'INVALID_CURSOR');
    }
  });

  it('every response carries a request id and no-store caching', async () => {
    const res = await api().get('/api/v1/life-domains').set(bearer(f.coordinator));
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
