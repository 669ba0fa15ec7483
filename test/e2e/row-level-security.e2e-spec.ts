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

  it("runs the application's queries as login roles without BYPASSRLS, even though the configured user is a superuser", async () => {
    const [who] = await appDb().query<Array<{ current_user: string; session_user: string; superuser: boolean }>>(
      `SELECT current_user, session_user, (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) AS superuser`,
    );
    // the connection logs in as eenplan_app itself: there is no other session user to return to
    expect(who).toEqual({ current_user: 'eenplan_app', session_user: 'eenplan_app', superuser: false });
    const roles = await appDb().query<Array<{ rolname: string; rolbypassrls: boolean; rolsuper: boolean }>>(
      `SELECT rolname, rolbypassrls, rolsuper FROM pg_roles WHERE rolname IN ('eenplan_app', 'eenplan_worker') ORDER BY rolname`,
    );
    expect(roles).toEqual([
      { rolname: 'eenplan_app', rolbypassrls: false, rolsuper: false },
      { rolname: 'eenplan_worker', rolbypassrls: false, rolsuper: false },
    ]);
    const [worker] = await systemDb(t.app).query<Array<{ current_user: string; session_user: string }>>('SELECT current_user, session_user');
    expect(worker).toEqual({ current_user: 'eenplan_worker', session_user: 'eenplan_worker' });
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

  describe("from the application's own connection, as an injected statement would try", () => {
    /** One pooled connection of the app, in a transaction of tenant A that is rolled back whatever happens. */
    async function onAppConnection<T>(work: (run: (sql: string) => Promise<{ rows?: unknown[]; error?: string }>) => Promise<T>): Promise<T> {
      const runner = appDb().createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query(`SELECT set_config('app.tenant_id', $1, true)`, [a.tenantId]);
        let n = 0;
        return await work(async (sql) => {
          const savepoint = `attempt_${++n}`;
          await runner.query(`SAVEPOINT ${savepoint}`);
          try {
            const rows = (await runner.query(sql)) as unknown[];
            await runner.query(`RELEASE SAVEPOINT ${savepoint}`);
            return { rows };
          } catch (error) {
            await runner.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
            return { error: (error as Error).message };
          }
        });
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    }

    const owner = async () =>
      (await systemDb(t.app).query<Array<{ owner: string }>>(`SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'household'`))[0]!.owner;

    const escapes = async () => {
      const ownerName = await owner();
      return [
        'SET ROLE NONE',
        'RESET ROLE',
        `SELECT set_config('role', 'none', false)`,
        `SELECT set_config('role', 'none', true)`,
        `SET ROLE "${ownerName}"`,
        `SELECT set_config('role', '${ownerName}', true)`,
        'SET ROLE eenplan_worker',
        `SET SESSION AUTHORIZATION "${ownerName}"`,
        'SET SESSION AUTHORIZATION DEFAULT',
      ];
    };

    it("cannot shake off the role to see another municipality's household", async () => {
      const seen = await onAppConnection(async (run) => {
        const results: Record<string, unknown> = {};
        for (const escape of await escapes()) {
          await run(escape);
          const who = await run(`SELECT current_user::text AS who, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`);
          const other = await run(`SELECT count(*)::int AS n FROM household WHERE id = '${householdOfB}'`);
          const tenants = await run(`SELECT count(*)::int AS n FROM tenant`);
          results[escape] = { who: who.rows, other: other.rows, tenants: tenants.rows };
        }
        return results;
      });
      for (const [escape, result] of Object.entries(seen)) {
        expect({ escape, result }).toEqual({
          escape,
          result: { who: [{ who: 'eenplan_app', superuser: false }], other: [{ n: 0 }], tenants: [{ n: 1 }] },
        });
      }
    });

    it('cannot become the owner or the worker role at all', async () => {
      const ownerName = await owner();
      const refused = await onAppConnection(async (run) => ({
        owner: (await run(`SET ROLE "${ownerName}"`)).error,
        ownerByConfig: (await run(`SELECT set_config('role', '${ownerName}', false)`)).error,
        worker: (await run('SET ROLE eenplan_worker')).error,
        session: (await run(`SET SESSION AUTHORIZATION "${ownerName}"`)).error,
      }));
      expect(refused).toEqual({
        owner: expect.stringMatching(/permission denied/),
        ownerByConfig: expect.stringMatching(/permission denied/),
        worker: expect.stringMatching(/permission denied/),
        session: expect.stringMatching(/permission denied/),
      });
    });

    it('cannot edit, delete or truncate audit events, nor switch their guard off, after any of those attempts', async () => {
      const before = await systemDb(t.app).query<Array<{ n: number; digest: string }>>(
        `SELECT count(*)::int AS n, md5(string_agg(tenant_id::text || ':' || seq || ':' || coalesce(request_id, '') || ':' || legal_basis, ',' ORDER BY tenant_id, seq)) AS digest FROM audit_event`,
      );
      expect(before[0]!.n).toBeGreaterThan(0);
      const outcomes = await onAppConnection(async (run) => {
        const results: Record<string, Array<string | undefined>> = {};
        for (const escape of await escapes()) {
          await run(escape);
          results[escape] = [
            (await run(`SET session_replication_role = replica`)).error,
            (await run(`ALTER TABLE audit_event DISABLE TRIGGER USER`)).error,
            (await run(`UPDATE audit_event SET legal_basis = 'tenant_role'`)).error,
            (await run(`DELETE FROM audit_event`)).error,
            (await run(`TRUNCATE audit_event`)).error,
          ];
        }
        return results;
      });
      for (const [escape, errors] of Object.entries(outcomes)) {
        expect({ escape, refused: errors.map((e) => e !== undefined) }).toEqual({ escape, refused: [true, true, true, true, true] });
      }
      const after = await systemDb(t.app).query<Array<{ n: number; digest: string }>>(
        `SELECT count(*)::int AS n, md5(string_agg(tenant_id::text || ':' || seq || ':' || coalesce(request_id, '') || ':' || legal_basis, ',' ORDER BY tenant_id, seq)) AS digest FROM audit_event`,
      );
      expect(after).toEqual(before);
    });
  });
});
