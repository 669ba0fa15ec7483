import pg from 'pg';
import type { DataSource } from 'typeorm';
import { TokenService } from '../src/auth/token.service.js';
import { Clock } from '../src/common/clock.js';
import { WORKER_DATA_SOURCE, type TransactionHost } from '../src/database/transaction-host.js';
import { ReviewQueueRepository, type QueueKey } from '../src/supervision/stalled/review-queue.repository.js';
import { StallEvaluationService } from '../src/supervision/stalled/stall-evaluation.service.js';
import { closeBenchApp, percentile, startBenchApp } from './bench-setup.js';

/**
 * npm run bench:supervision — on a database loaded with `npm run seed -- --households 100000`: a full stall
 * evaluation, review-queue pages of 50 through HTTP (page 1 and keyset page 1,000), and the same page query as
 * raw SQL through `pg` in the same run as baseline.
 */
const TENANT = process.env.BENCH_TENANT ?? 'synthetic';
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const DEEP_PAGE = Number(process.env.BENCH_DEEP_PAGE ?? 1000);
const say = (message: string) => process.stdout.write(`${message}\n`);

async function timeMany(n: number, run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/** The exact SQL and parameters the application runs for a page, captured from its repository. */
async function capturePageSql(tenantId: string, today: string, after?: QueueKey): Promise<{ sql: string; params: unknown[] }> {
  let captured: { sql: string; params: unknown[] } | undefined;
  const host = { manager: { query: (sql: string, params: unknown[]) => ((captured = { sql, params }), Promise.resolve([])) } } as unknown as TransactionHost;
  await new ReviewQueueRepository(host).page(tenantId, today, {}, 'severity', 50, after);
  return captured!;
}

async function main(): Promise<void> {
  const { config, embedded, app, origin } = await startBenchApp(say);
  const base = `${origin}/api/v1/supervision/stalled`;
  const ds = app.get<DataSource>(WORKER_DATA_SOURCE);
  const raw = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
  try {
    const [tenant] = await ds.query<Array<{ id: string; households: number }>>(
      `SELECT t.id, (SELECT count(*)::int FROM household h WHERE h.tenant_id = t.id) AS households FROM tenant t WHERE t.slug = $1`,
      [TENANT],
    );
    if (!tenant) throw new Error(`No tenant "${TENANT}": load one first with npm run seed -- --households 100000`);
    const [supervisor] = await ds.query<Array<{ auth_subject: string }>>(`SELECT auth_subject FROM professional WHERE tenant_id = $1 AND 'supervisor' = ANY(roles) AND active LIMIT 1`, [tenant.id]);
    if (!supervisor) throw new Error('The tenant has no supervisor');
    const token = await app.get(TokenService).signDevToken(supervisor.auth_subject);
    const headers = { authorization: `Bearer ${token}` };

    // A full evaluation: forget the previous run so every household is looked at again.
    await ds.query('DELETE FROM stall_evaluation_run WHERE tenant_id = $1', [tenant.id]);
    const now = app.get(Clock).now();
    let started = performance.now();
    const full = await app.get(StallEvaluationService).evaluateTenant(tenant.id, now);
    const fullMs = performance.now() - started;
    started = performance.now();
    await app.get(StallEvaluationService).evaluateTenant(tenant.id, now);
    const againMs = performance.now() - started;
    say(`${tenant.households} households; full evaluation ${fullMs.toFixed(0)} ms (${full.stalledHouseholds} stalled), repeated ${againMs.toFixed(0)} ms`);

    const get = async (cursor?: string) => {
      const res = await fetch(`${base}?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { headers });
      if (res.status !== 200) throw new Error(`queue page answered ${res.status}`);
      return (await res.json()) as { items: Array<{ householdId: string }>; nextCursor: string | null };
    };
    // walk to the deep page once
    let cursor: string | undefined;
    let page = 1;
    let lastKey: QueueKey | undefined;
    while (page < DEEP_PAGE) {
      const body = await get(cursor);
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
      page += 1;
    }
    if (cursor) lastKey = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as QueueKey;
    say(`deepest page reached: ${page}`);

    const httpFirst = await timeMany(SAMPLES, () => get());
    const httpDeep = await timeMany(SAMPLES, () => get(cursor));
    const today = app.get(Clock).today();
    const sqlFirst = await capturePageSql(tenant.id, today);
    const sqlDeep = await capturePageSql(tenant.id, today, lastKey);
    const rawFirst = await timeMany(SAMPLES, () => raw.query(sqlFirst.sql, sqlFirst.params));
    const rawDeep = await timeMany(SAMPLES, () => raw.query(sqlDeep.sql, sqlDeep.params));

    const row = (label: string, t: number[]) => `| ${label} | ${percentile(t, 50).toFixed(1)} | ${percentile(t, 95).toFixed(1)} | ${percentile(t, 99).toFixed(1)} |`;
    say('');
    say(`| review queue, 50 per page (${SAMPLES} sequential requests) | p50 ms | p95 ms | p99 ms |`);
    say('|---|---|---|---|');
    say(row('HTTP page 1', httpFirst));
    say(row(`HTTP page ${page}`, httpDeep));
    say(row('raw SQL page 1 (pg, same query)', rawFirst));
    say(row(`raw SQL page ${page}`, rawDeep));
    say(`deep/first p95 ratio over HTTP: ${(percentile(httpDeep, 95) / percentile(httpFirst, 95)).toFixed(2)}; HTTP/raw p95 ratio page 1: ${(percentile(httpFirst, 95) / percentile(rawFirst, 95)).toFixed(2)}`);
    say(`full stall evaluation: ${fullMs.toFixed(0)} ms for ${tenant.households} households`);
  } finally {
    await raw.end();
    await closeBenchApp(app, embedded, say);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
