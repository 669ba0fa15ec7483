import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

/**
 * The raw node:http + pg servers the API benchmark compares against, in the same run and database: what this
 * machine can do for the same work without a framework. Each answers the route's data and writes one audit row, so
 * "same work" includes the write that makes an audited read a write transaction.
 */

export interface RawServer {
  url: string;
  close: () => Promise<void>;
}

/** Scratch tables of the baselines (never the product's: no row-level security, no triggers, no seal). */
const SCRATCH = `
  CREATE TABLE IF NOT EXISTS bench_raw_audit (id bigserial PRIMARY KEY, tenant_id uuid, household_id uuid, actor_id uuid, action text, at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS bench_raw_plan (id int PRIMARY KEY, version int NOT NULL, description text);
  CREATE TABLE IF NOT EXISTS bench_raw_revision (id bigserial PRIMARY KEY, plan_id int NOT NULL, version int NOT NULL, changes jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS bench_raw_outbox (id bigserial PRIMARY KEY, type text NOT NULL, aggregate_id int NOT NULL, payload jsonb NOT NULL, occurred_at timestamptz NOT NULL DEFAULT now());
`;

/** Household, members, plan, goals and actions as one JSON document — what the plan read shows. */
const CASE_JSON = `
  SELECT json_build_object(
    'household', to_jsonb(h),
    'members', (SELECT coalesce(json_agg(m), '[]') FROM member m WHERE m.household_id = h.id),
    'plan', (SELECT to_jsonb(p) FROM plan p WHERE p.household_id = h.id),
    'goals', (SELECT coalesce(json_agg(g), '[]') FROM plan_goal g JOIN plan p ON p.id = g.plan_id WHERE p.household_id = h.id),
    'actions', (SELECT coalesce(json_agg(a), '[]') FROM plan_action a JOIN plan_goal g ON g.id = a.goal_id JOIN plan p ON p.id = g.plan_id WHERE p.household_id = h.id)
  ) AS body
  FROM household h WHERE h.id = $1`;

const AUDIT = `INSERT INTO bench_raw_audit (tenant_id, household_id, actor_id, action) VALUES ($1, $2, $3, 'household.read')`;

export interface CaseRef {
  tenantId: string;
  householdId: string;
  actorId: string;
}

export function serve(pool: pg.Pool, handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>): Promise<RawServer> {
  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        close: async () => {
          await new Promise<void>((r) => server.close(() => r()));
          await pool.end();
        },
      }),
    ),
  );
}

/**
 * The raw servers' pools: as large as the application's request pool, and as patient with idle connections
 * (`DATABASE_POOL_IDLE_TIMEOUT_MS`), so neither side reconnects after a lull while the other does not.
 */
export interface RawPool {
  size: number;
  idleTimeoutMs: number;
}

const rawPool = (databaseUrl: string, pool: RawPool) => new pg.Pool({ connectionString: databaseUrl, max: pool.size, idleTimeoutMillis: pool.idleTimeoutMs });

export async function prepareScratch(databaseUrl: string, plans: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(SCRATCH);
    await client.query('TRUNCATE bench_raw_audit, bench_raw_plan, bench_raw_revision, bench_raw_outbox');
    await client.query(`INSERT INTO bench_raw_plan (id, version, description) SELECT n, 1, 'start' FROM generate_series(1, $1::int) n`, [plans]);
  } finally {
    await client.end();
  }
}

/**
 * (a) BEGIN; the case as one SELECT; INSERT one audit row; COMMIT — four round trips, as the baseline.
 * (b) the same in one statement (a data-modifying CTE) — one round trip, what folding everything would reach.
 */
export function rawAuditedRead(databaseUrl: string, target: CaseRef, mode: 'four-round-trips' | 'one-statement', poolOptions: RawPool): Promise<RawServer> {
  const pool = rawPool(databaseUrl, poolOptions);
  const params = [target.tenantId, target.householdId, target.actorId];
  return serve(pool, async (_req, res) => {
    let body: unknown;
    if (mode === 'one-statement') {
      const result = await pool.query<{ body: unknown }>(`WITH audit AS (${AUDIT} RETURNING 1) ${CASE_JSON.replace('$1', '$2')} AND (SELECT count(*) FROM audit) = 1`, params);
      body = result.rows[0]?.body;
    } else {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        body = (await client.query<{ body: unknown }>(CASE_JSON, [target.householdId])).rows[0]?.body;
        await client.query(AUDIT, params);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
}

/**
 * A conditional plan change: `PATCH /{plan}` with `If-Match: "<version>"` — the version-gated UPDATE, a revision
 * row, an outbox row and an audit row in one transaction; 412 when the version moved.
 */
export function rawPlanChange(databaseUrl: string, target: CaseRef, poolOptions: RawPool): Promise<RawServer> {
  const pool = rawPool(databaseUrl, poolOptions);
  return serve(pool, async (req, res) => {
    const planId = Number((req.url ?? '/').slice(1));
    const expected = Number(String(req.headers['if-match'] ?? '').replace(/"/g, ''));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { description } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { description: string };
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const updated = await client.query<{ version: number }>('UPDATE bench_raw_plan SET version = version + 1, description = $3 WHERE id = $1 AND version = $2 RETURNING version', [planId, expected, description]);
      const version = updated.rows[0]?.version;
      if (version === undefined) {
        await client.query('ROLLBACK');
        res.writeHead(412).end();
        return;
      }
      await client.query('INSERT INTO bench_raw_revision (plan_id, version, changes) VALUES ($1, $2, $3)', [planId, version, JSON.stringify([{ op: 'update', target: 'action', fields: ['description'] }])]);
      await client.query(`INSERT INTO bench_raw_outbox (type, aggregate_id, payload) VALUES ('plan.updated', $1, $2)`, [planId, JSON.stringify({ version, targets: ['action'] })]);
      await client.query(AUDIT, [target.tenantId, target.householdId, target.actorId]);
      await client.query('COMMIT');
      res.writeHead(200, { 'content-type': 'application/json', etag: `"${version}"` }).end(JSON.stringify({ version, description }));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
}
