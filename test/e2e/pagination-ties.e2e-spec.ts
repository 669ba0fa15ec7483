import request from 'supertest';
import { bearer, createTenantFixture, startTestApp, systemDb, type TenantFixture, type TestApp, type UserFixture } from './harness/index.js';
import { caseApi } from './support/case.js';

/**
 * Lists paged by a timestamp and an id, where several rows share a millisecond but not a microsecond — as one
 * transaction's notifications, or registrations made at the same moment, do. An outside race probe walked the inbox
 * with `limit=1` and missed 13 of 391 notifications: the cursor carried only the milliseconds.
 */

let t: TestApp;
let f: TenantFixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
});

afterAll(async () => t?.close());

const api = () => request(t.http);

/** Every item of a list, walked page by page with `limit`. */
async function walk(path: string, as: UserFixture, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const res = await api().get(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(as));
    expect(res.status).toBe(200);
    ids.push(...(res.body.items as Array<{ id: string }>).map((i) => i.id));
    cursor = res.body.nextCursor as string | null;
    if (!cursor) return ids;
  }
  throw new Error('the list did not end');
}

describe('a list whose rows share a millisecond', () => {
  it('households: every one appears exactly once, whatever the page size', async () => {
    const c = caseApi(t);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await c.registerHousehold(f.coordinator, { district: 'Tijdgelijk' }));
    // the same millisecond, microseconds apart (in an order unlike the ids')
    await systemDb(t.app).query(
      `UPDATE household h SET created_at = '2026-11-30T10:00:00.123Z'::timestamptz + (n.ord * 37 % 7 + 1) * interval '1 microsecond'
         FROM unnest($1::uuid[]) WITH ORDINALITY AS n(id, ord) WHERE h.id = n.id`,
      [ids],
    );
    const expected = [...ids].sort();
    for (const limit of [1, 2, 3]) expect((await walk('/api/v1/households?district=Tijdgelijk', f.supervisor, limit)).sort()).toEqual(expected);
  });

  it('the inbox: every notification appears exactly once, whatever the page size', async () => {
    const householdId = await caseApi(t).registerHousehold(f.coordinator);
    await systemDb(t.app).query(
      `INSERT INTO notification (tenant_id, professional_id, event_id, type, household_id, payload, created_at)
       SELECT e.tenant_id, $2, e.id, 'plan.updated', $3, '{}'::jsonb, '2026-11-30T10:00:00.456Z'::timestamptz + (row_number() OVER (ORDER BY e.id) * 3 % 5) * interval '1 microsecond'
         FROM outbox_event e WHERE e.tenant_id = $1 ORDER BY e.id LIMIT 6`,
      [f.tenantId, f.secondCoordinator.id, householdId],
    );
    const all = await walk('/api/v1/me/notifications', f.secondCoordinator, 100);
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const limit of [1, 2, 4]) {
      const walked = await walk('/api/v1/me/notifications', f.secondCoordinator, limit);
      expect(walked).toEqual(all);
    }
  });
});
