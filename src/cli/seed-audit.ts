import cliProgress from 'cli-progress';
import type pg from 'pg';
import { AuditKeyring } from '../audit/audit-keys.js';
import { AuditSealStore } from '../audit/audit-seal.store.js';
import { sealRound } from '../audit/audit-sealing.js';
import type { AppConfig } from '../config/app-config.js';
import { WORKER_ROLE } from '../database/database-logins.js';
import { CliError, info, out } from './cli-app.js';

const CHUNK = 100_000;
const SEAL_BATCH = 50_000;
/** One event in this many concerns the tenant's first household: one busy family to measure the access report on. */
const HOT_EVERY = 1_000;

/**
 * `npm run seed -- --audit-events N`: N audit events for the tenant's existing households and professionals, spread
 * over the past twelve months (so every month partition holds some), written server-side (INSERT … SELECT over
 * generate_series, CHUNK at a time), then sealed and checkpointed exactly as the sealer job would. Ids and codes
 * only, like real events. Runs as the worker role (the audit tables' only writers besides requests).
 */
export async function seedAuditEvents(pool: pg.Pool, config: AppConfig, tenantId: string, total: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SET ROLE ${WORKER_ROLE}`);
    await client.query('SET synchronous_commit = off');
    const households = (
      await client.query<{ id: string; member_id: string | null }>(
        `SELECT h.id, (SELECT m.id FROM member m WHERE m.household_id = h.id ORDER BY m.id LIMIT 1) AS member_id
         FROM household h WHERE h.tenant_id = $1 ORDER BY h.id LIMIT 200000`,
        [tenantId],
      )
    ).rows;
    const professionals = (await client.query<{ id: string; organisation_id: string; roles: string[] }>('SELECT id, organisation_id, roles FROM professional WHERE tenant_id = $1 AND active ORDER BY id', [tenantId])).rows;
    if (households.length === 0 || professionals.length === 0) throw new CliError('--audit-events needs households and professionals in the tenant: seed households first (--households N).');
    await client.query(`SELECT audit_ensure_partitions(now() - interval '12 months', 2)`);

    const bar = new cliProgress.SingleBar(
      { format: 'Audit events |{bar}| {percentage}% | {value}/{total} {phase} | ETA {eta_formatted}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    const started = process.hrtime.bigint();
    bar.start(total, 0, { phase: 'written' });
    const params = [
      tenantId,
      households.map((h) => h.id),
      households.map((h) => h.member_id),
      professionals.map((p) => p.id),
      professionals.map((p) => p.organisation_id),
      professionals.map((p) => `{${p.roles.join(',')}}`),
    ];
    for (let from = 0; from < total; from += CHUNK) {
      const size = Math.min(CHUNK, total - from);
      // i runs over the whole load: time rises with the sequence, as it does live
      await client.query(
        `INSERT INTO audit_event (seq, recorded_at, tenant_id, occurred_at, action, outcome, actor_kind, professional_id, organisation_id, roles,
                                  resource_type, resource_id, household_id, member_ids, purpose, legal_basis, route, http_status, request_id)
         SELECT nextval('audit_event_seq'), at, $1, at, x.action, 'success', 'professional', ($4::uuid[])[1 + p], ($5::uuid[])[1 + p], ($6::text[])[1 + p]::varchar[],
                x.resource, hh, hh, CASE WHEN i % 3 = 0 THEN ARRAY[($3::uuid[])[1 + h]] ELSE '{}'::uuid[] END,
                'case_coordination', 'coordinator', x.route, 200, 'seed-' || i
         FROM generate_series($7::bigint, $8::bigint) AS i,
              LATERAL (SELECT now() - interval '365 days' * (1 - i::float8 / $9) AS at,
                              CASE WHEN i % ${HOT_EVERY} = 0 THEN 0 ELSE (i * 2654435761) % cardinality($2::uuid[]) END AS h,
                              (i * 40503) % cardinality($4::uuid[]) AS p) r,
              LATERAL (SELECT ($2::uuid[])[1 + r.h] AS hh) hx,
              LATERAL (SELECT * FROM (VALUES
                 (0, 'read', 'household', 'GET /api/v1/households/:householdId'),
                 (1, 'read', 'plan', 'GET /api/v1/households/:householdId/plan'),
                 (2, 'update', 'plan_action', 'PATCH /api/v1/households/:householdId/plan/actions/:actionId'),
                 (3, 'read', 'member', 'GET /api/v1/households/:householdId/members/:memberId')) v(k, action, resource, route)
               WHERE v.k = (i * 7) % 4) x`,
        [...params, from, from + size - 1, total],
      );
      bar.update(from + size, { phase: 'written' });
    }
    bar.stop();
    await analyzeAsOwner(client, 'audit_event');
    const written = Number(process.hrtime.bigint() - started) / 1e9;
    info(`Wrote ${total} audit events in ${written.toFixed(1)} s (${Math.round(total / written)}/s); sealing them …`);

    // sealed as the sealer job would: same store, same round, same keys
    const keys = new AuditKeyring(config);
    await keys.load();
    const store = new AuditSealStore({ query: async <T>(sql: string, values?: unknown[]) => (await client.query(sql, values)).rows as T });
    const sealBar = new cliProgress.SingleBar({ format: 'Sealing      |{bar}| {value} sealed | {checkpoints} checkpoints', hideCursor: true }, cliProgress.Presets.shades_classic);
    sealBar.start(total, 0, { checkpoints: 0 });
    const sealStarted = process.hrtime.bigint();
    let sealed = 0;
    let checkpoints = 0;
    for (;;) {
      await client.query('BEGIN');
      const round = await sealRound(store, keys, { batch: SEAL_BATCH, lookbackMs: config.audit.lookbackMs, now: new Date() });
      await client.query('COMMIT');
      sealed += round.sealed;
      checkpoints += round.checkpoints.length;
      sealBar.update(Math.min(sealed, total), { checkpoints });
      if (!round.more) break;
    }
    sealBar.stop();
    const sealing = Number(process.hrtime.bigint() - sealStarted) / 1e9;
    // fresh statistics, or the verifier's join of seals and events is planned as a nested loop over every row
    await analyzeAsOwner(client, 'audit_seal');
    out(`Loaded ${total} audit events in ${written.toFixed(1)} s and sealed ${sealed} (${checkpoints} checkpoints) in ${sealing.toFixed(1)} s (${Math.round(sealed / sealing)}/s).`);
  } finally {
    await client.query('RESET ROLE').catch(() => undefined);
    client.release();
  }
}

/**
 * ANALYZE needs the table's owner: as the worker role PostgreSQL only warns and skips it. The seed's connection logs
 * in as the owner, so step out of the worker role for it.
 */
async function analyzeAsOwner(client: pg.PoolClient, table: 'audit_event' | 'audit_seal'): Promise<void> {
  await client.query('RESET ROLE');
  try {
    await client.query(`ANALYZE ${table}`);
  } finally {
    await client.query(`SET ROLE ${WORKER_ROLE}`);
  }
}
