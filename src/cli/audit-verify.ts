import fs from 'node:fs/promises';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { CONNECT_TIMEOUT_MS } from '../database/data-source-options.js';
import { CopyChainReader } from '../audit/audit-chain.copy.js';
import { AuditKeyring } from '../audit/audit-keys.js';
import { ChainVerifier } from '../audit/audit-verifier.js';
import { WORKER_ROLE } from '../database/database-logins.js';
import { CliError, info, openDatabase, out, parseOptions, runCli } from './cli-app.js';

const USAGE = 'Usage: npm run audit:verify -- [--tenant <uuid>] [--checkpoints <file.jsonl>] [--jobs <n>]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * npm run audit:verify — recomputes every tenant's sealed audit chains (or one tenant's) from the database with the
 * seal key, checks every stored checkpoint, and every checkpoint in `--checkpoints` (JSON lines as the sealer
 * writes them to AUDIT_CHECKPOINT_DIR, or one JWS per line): a tail cut off after those shows as `truncated`.
 * Reads as the worker role in one read-only snapshot, months on `--jobs` connections at once (default 2; they share
 * the snapshot); a progress bar on stderr, one line per tenant on stdout.
 * Exit code 0 when every chain holds, 1 at the first cut (named with its sequence number).
 */
runCli(async (onExit) => {
  const args = parseOptions({ tenant: { type: 'string' }, checkpoints: { type: 'string' }, jobs: { type: 'string' } }, USAGE);
  if (args.tenant !== undefined && !UUID.test(args.tenant)) throw new CliError(`--tenant must be a tenant id (uuid).\n${USAGE}`);
  const jobs = Number(args.jobs ?? 2);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) throw new CliError(`--jobs must be a whole number from 1 to 16.\n${USAGE}`);
  const external = args.checkpoints === undefined ? [] : await readCheckpoints(args.checkpoints);

  const db = await openDatabase({ migrate: false });
  onExit(db.close);
  const keys = new AuditKeyring(db.config);
  await keys.load();
  const clients: pg.Client[] = [];
  let snapshot: string | undefined;
  for (let i = 0; i < jobs; i++) {
    const client = new pg.Client({ connectionString: db.url, application_name: 'eenplan-audit-verify', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    await client.connect();
    onExit(() => client.end());
    // the worker role sees every tenant (row-level security) and may only read the audit tables
    await client.query(`SET ROLE ${WORKER_ROLE}`);
    // each month's chain streams through the seal index (chainQuery); a plan that estimates the per-row lookup
    // as costly must not be compiled (JIT) first: that costs more than it saves
    await client.query('SET jit = off');
    // should the planner still sort a month (it has not, measured), in memory rather than in temporary files
    await client.query(`SET work_mem = '256MB'`);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // every connection reads the same snapshot as the first
    if (snapshot === undefined) snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
    else await client.query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/[^0-9A-F-]/gi, '')}'`);
    clients.push(client);
  }
  const readers = clients.map((client) => new CopyChainReader(client, { query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T }));
  const [reader] = readers as [CopyChainReader];
  const client = clients[0]!;

  // a mistyped id must not verify as "ok — 0 events": a municipality that does not exist is an error
  if (args.tenant !== undefined && !(await client.query('SELECT 1 FROM tenant WHERE id = $1', [args.tenant])).rowCount) {
    throw new CliError(`No municipality has the id ${args.tenant}: check it with npm run tenant -- list.`);
  }
  const tenants = args.tenant ? [args.tenant] : await reader.tenantsWithTrail();
  const [{ n }] = (await client.query<{ n: string }>('SELECT count(*) AS n FROM audit_seal WHERE $1::uuid IS NULL OR tenant_id = $1', [args.tenant ?? null])).rows as [{ n: string }];
  const bar = new cliProgress.SingleBar(
    { format: 'Verifying |{bar}| {percentage}% | {value}/{total} sealed events | {rate}/s | ETA {eta_formatted}', hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  const started = process.hrtime.bigint();
  let done = 0;
  bar.start(Number(n), 0, { rate: 0 });
  const verifier = new ChainVerifier(keys, reader, db.config.audit.lookbackMs);
  const results = [];
  for (const tenantId of tenants) {
    const result = await verifier.verifyTenant(
      tenantId,
      external,
      (links) => {
        done += links;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        bar.update(done, { rate: Math.round(done / Math.max(seconds, 0.001)) });
      },
      readers,
    );
    results.push({ tenantId, ...result });
    if (!result.ok) break;
  }
  bar.stop();
  for (const c of clients) await c.query('COMMIT');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  for (const r of results) {
    out(
      r.ok
        ? `${r.tenantId}: ok — ${r.verified} events, ${r.checkpoints} checkpoints, ${r.externalCheckpoints} held outside matched`
        : `${r.tenantId}: CUT at sequence ${r.firstBrokenSeq ?? '?'} — ${r.reason} (${r.verified} events verified before it)`,
    );
  }
  info(`${done} sealed events in ${seconds.toFixed(1)} s`);
  return results.every((r) => r.ok) ? 0 : 1;
});

/** JSON lines with a `jws` field (as in AUDIT_CHECKPOINT_DIR), or one compact JWS per line. */
async function readCheckpoints(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new CliError(`Cannot read --checkpoints ${file}.`);
  }
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line, i) => {
      if (!line.startsWith('{')) return line;
      try {
        const jws = (JSON.parse(line) as { jws?: unknown }).jws;
        if (typeof jws === 'string') return jws;
      } catch {
        // reported below
      }
      throw new CliError(`--checkpoints ${file}, line ${i + 1}: neither a JSON line with "jws" nor a JWS.`);
    });
}
