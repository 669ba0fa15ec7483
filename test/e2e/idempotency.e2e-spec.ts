import request from 'supertest';
import { bearer, createTenantFixture, expectProblem, startTestApp, uniqueSuffix, type TenantFixture, type TestApp, systemDb } from './harness/index.js';

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
const household = (district: string) => ({ postcode: '1012 AB', houseNumber: 3, district, registrationReason: 'Idempotentie', riskLevel: 'low' });
const countIn = async (district: string) =>
  (await systemDb(t.app).query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM household WHERE tenant_id = $1 AND district = $2', [f.tenantId, district]))[0]!.n;

describe('Idempotency-Key on POST', () => {
  it('a replay returns the first status, body and Location without a second household', async () => {
    const district = `Idem-${uniqueSuffix()}`;
    const key = `key-${uniqueSuffix()}`;
    const first = await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send(household(district));
    const replay = await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send(household(district));
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.location).toBe(first.headers.location);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await countIn(district)).toBe(1);
  });

  it('the same key with a different request is a 422, and nothing is written', async () => {
    const district = `Idem-${uniqueSuffix()}`;
    const key = `key-${uniqueSuffix()}`;
    await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send(household(district));
    const other = await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send(household(`${district}-x`));
    expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await countIn(`${district}-x`)).toBe(0);
  });

  it('ten simultaneous requests with one key make exactly one household', async () => {
    const district = `Idem-${uniqueSuffix()}`;
    const key = `key-${uniqueSuffix()}`;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send(household(district))),
    );
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const ids = new Set(responses.filter((r) => r.status === 201).map((r) => (r.body as { id: string }).id));
    expect(ids.size).toBe(1);
    expect(await countIn(district)).toBe(1);
  });

  it('a request that failed releases its key, so the corrected request can use it', async () => {
    const district = `Idem-${uniqueSuffix()}`;
    const key = `key-${uniqueSuffix()}`;
    expectProblem(await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send({ ...household(district), riskLevel: 'extreme' }), 400);
    const corrected = await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send({ ...household(district), riskLevel: 'high' });
    expect(corrected.status).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keys belong to the caller, and a malformed key is a 400', async () => {
    const district = `Idem-${uniqueSuffix()}`;
    const key = `key-${uniqueSuffix()}`;
    await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', key).send(household(district));
    const colleague = await api().post('/api/v1/households').set(bearer(f.secondCoordinator)).set('Idempotency-Key', key).send(household(district));
    expect(colleague.status).toBe(201);
    expect(await countIn(district)).toBe(2);
    expectProblem(await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Idempotency-Key', 'x'.repeat(256)).send(household(district)), 400, 'IDEMPOTENCY_KEY_INVALID');
  });
});
