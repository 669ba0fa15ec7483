import type { DataSource } from 'typeorm';
import { DataSource as TypeOrmDataSource } from 'typeorm';
import request from 'supertest';
import { TransactionHost } from '../../src/database/transaction-host.js';
import { HouseholdsRepository } from '../../src/households/households.repository.js';
import { bearer, createTenantFixture, startTestApp, systemDb, type TenantFixture, type TestApp } from './harness/index.js';
import { caseApi } from './support/case.js';

/**
 * Tenant isolation in the database itself: whatever the application forgets, PostgreSQL row-level security
 * keeps one municipality's rows away from another's — and from a connection that names no municipality at all.
 */
let t: TestApp;
let a: TenantFixture;
let b: TenantFixture;
let householdOfB: string;

const appDb = () => t.app.get(TypeOrmDataSource) as DataSource;

async function tenantTables(): Promise<string[]> {
  const rows = await systemDb(t.app).query<Array<{ table_name: string }>>(
    `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables tb USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND tb.table_type = 'BASE TABLE' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

beforeAll(async () => {
  t = await startTestApp();
  a = await createTenantFixture(t.app, 'Gemeente A');
  b = await createTenantFixture(t.app, 'Gemeente B');
  householdOfB = await caseApi(t).registerHousehold(b.coordinator);
  await caseApi(t).registerHousehold(a.coordinator);
});

afterAll(async () => t?.close());

describe('row-level security', () => {
  it('is forced on every table with a tenant column, with the tenant policy and the worker policy', async () => {
    const tables = await tenantTables();
    expect(tables.length).toBeGreaterThan(30);
    const rows = await systemDb(t.app).query<Array<{ relname: string; enabled: boolean; forced: boolean; policies: string[] }>>(
      `SELECT c.relname, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
              coalesce(array_agg(p.polname::text ORDER BY p.polname) FILTER (WHERE p.polname IS NOT NULL), '{}') AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_policy p ON p.polrelid = c.oid
        WHERE n.nspname = 'public' AND c.relname = ANY($1) GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity`,
      [tables],
    );
    const unprotected = rows.filter((r) => !r.enabled || !r.forced || !r.policies.includes('tenant_isolation') || !r.policies.includes('system_work'));
    expect(unprotected.map((r) => r.relname)).toEqual([]);
    expect(rows).toHaveLength(tables.length);

    const expressions = await systemDb(t.app).query<Array<{ relname: string; using: string }>>(
      `SELECT c.relname, pg_get_expr(p.polqual, p.polrelid) AS using FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
        WHERE p.polname = 'tenant_isolation' AND c.relname = ANY($1)`,
      [tables],
    );
    for (const e of expressions) expect(e.using).toBe('(tenant_id = eenplan_current_tenant())');
  });

  it("runs the application's queries as roles without BYPASSRLS, even though the configured user is a superuser", async () => {
    const [who] = await appDb().query<Array<{ current_user: string; session_user: string; superuser: boolean }>>(
      `SELECT current_user, session_user, (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) AS superuser`,
    );
    expect(who).toEqual({ current_user: 'eenplan_app', session_user: expect.any(String), superuser: true });
    const roles = await appDb().query<Array<{ rolname: string; rolbypassrls: boolean; rolsuper: boolean }>>(
      `SELECT rolname, rolbypassrls, rolsuper FROM pg_roles WHERE rolname IN ('eenplan_app', 'eenplan_worker') ORDER BY rolname`,
    );
    expect(roles).toEqual([
      { rolname: 'eenplan_app', rolbypassrls: false, rolsuper: false },
      { rolname: 'eenplan_worker', rolbypassrls: false, rolsuper: false },
    ]);
    const [worker] = await systemDb(t.app).query<Array<{ current_user: string }>>('SELECT current_user');
    expect(worker!.current_user).toBe('eenplan_worker');
  });

  it('shows a session without a tenant 0 rows in every tenant table, while the data is there', async () => {
    const tables = await tenantTables();
    for (const table of ['household', 'member', 'professional', 'organisation', 'outbox_event']) {
      const [there] = await systemDb(t.app).query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM "${table}"`);
      expect({ table, n: there!.n > 0 }).toEqual({ table, n: true });
    }
    const seen: Record<string, number> = {};
    for (const table of tables) {
      const [row] = await appDb().query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM "${table}"`);
      if (row!.n > 0) seen[table] = row!.n;
    }
    expect(seen).toEqual({});
    const [tenants] = await appDb().query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM tenant');
    expect(tenants!.n).toBe(0);
  });

  it("keeps another tenant's rows out of a tenant's transaction, even when the application asks for them by id", async () => {
    const tx = t.app.get(TransactionHost);
    const households = t.app.get(HouseholdsRepository);
    const asA = await tx.runInTenant(a.tenantId, async () => ({
      byId: await tx.manager.query<unknown[]>('SELECT id FROM household WHERE id = $1', [householdOfB]),
      tenants: await tx.manager.query<Array<{ id: string }>>('SELECT id FROM tenant'),
      other: await tx.manager.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM household WHERE tenant_id = $1', [b.tenantId]),
    }));
    expect(asA.byId).toEqual([]);
    expect(asA.tenants.map((r) => r.id)).toEqual([a.tenantId]);
    expect(asA.other[0]!.n).toBe(0);
    expect(await tx.runInTenant(b.tenantId, () => households.findById(b.tenantId, householdOfB))).not.toBeNull();
  });

  it("refuses to write a row into another tenant from a tenant's transaction", async () => {
    const tx = t.app.get(TransactionHost);
    await expect(
      tx.runInTenant(a.tenantId, () =>
        tx.manager.query(`INSERT INTO organisation (tenant_id, name, kind, is_intake_team) VALUES ($1, 'Indringer', 'other', false)`, [b.tenantId]),
      ),
    ).rejects.toThrow(/row-level security/);
    const [row] = await systemDb(t.app).query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM organisation WHERE name = 'Indringer'`);
    expect(row!.n).toBe(0);
  });

  it('does not let a pooled connection carry one request’s tenant into the next', async () => {
    // many requests of both tenants over the same small pool: each sees only its own household list
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b)).map(async (f) => {
        const res = await request(t.http).get('/api/v1/households').set(bearer(f.supervisor));
        return { tenant: f.tenantId, ids: (res.body as { items: Array<{ id: string }> }).items.map((h) => h.id) };
      }),
    );
    for (const r of results) {
      const [row] = await systemDb(t.app).query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM household WHERE id = ANY($1) AND tenant_id <> $2', [r.ids, r.tenant]);
      expect(row!.n).toBe(0);
      expect(r.ids.length).toBeGreaterThan(0);
    }
    const [idle] = await appDb().query<Array<{ tenant: string | null }>>(`SELECT current_setting('app.tenant_id', true) AS tenant`);
    expect(idle!.tenant ?? '').toBe('');
  });
});
