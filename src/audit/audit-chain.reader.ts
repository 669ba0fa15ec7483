import { canonicalEventSql, claimedForm, SEGMENT_SQL, type ChainForm, type CheckpointClaim } from './audit-chain.js';
import type { ChainSource } from './audit-verifier.js';

/** Anything that runs a query and returns its rows: a TypeORM EntityManager, or a pg client in the CLI. */
export interface Queryable {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/**
 * A link of a chain as stored: the seal, and the event's canonical form (null when the event is gone). Form 1: text
 * from a query, or its UTF-8 bytes as PostgreSQL sent them from `npm run audit:verify`'s COPY (audit-chain.copy.ts);
 * form 2: bytes either way.
 */
export interface ChainRow {
  seq: string | number;
  batch: number;
  mac: string | Buffer;
  body: string | Buffer | null;
}

/**
 * A segment's chain in chain order: its seals (tenant and month) with each event's canonical form, null when the
 * event is gone, in the segment's chain `form`. `tenant` and `month` are SQL expressions (parameters, or literals
 * for COPY, which takes none); `month` a timestamp, the segment's first day. Walks the seal partition's (tenant_id,
 * batch, seq) index — already chain order — and looks each event up by its key: rows stream from the first one, with
 * no hash table and no sort of the month's canonical texts (at 850,000 rows a month that sort no longer fits in
 * memory).
 */
export function chainQuery(tenant: string, month: string, form: ChainForm): string {
  const from = `${month} AT TIME ZONE 'UTC'`;
  const to = `(${month} + interval '1 month') AT TIME ZONE 'UTC'`;
  return `SELECT s.seq, s.batch, s.mac,
       (SELECT ${canonicalEventSql(form)} FROM audit_event e WHERE e.seq = s.seq AND e.recorded_at = s.recorded_at AND e.recorded_at >= ${from} AND e.recorded_at < ${to}) AS body
     FROM audit_seal s
     WHERE s.tenant_id = ${tenant} AND s.recorded_at >= ${from} AND s.recorded_at < ${to}
     ORDER BY s.tenant_id, s.batch, s.seq`;
}

export interface CheckpointRow {
  tenant_id: string;
  segment: string;
  number: number;
  last_seq: string;
  chain: string;
  count: number;
  total: string;
  sealed_at: Date;
  jws: string;
  /** The chain form (audit-chain.ts) the month's chain was started in. */
  form: ChainForm;
}

/** What a stored checkpoint claims — to compare with what its JWS says (a form 1 claim was signed without `form`). */
export const claimOfCheckpoint = (row: CheckpointRow): CheckpointClaim => ({
  tenantId: row.tenant_id,
  segment: row.segment,
  number: row.number,
  lastSeq: Number(row.last_seq),
  chain: row.chain,
  count: row.count,
  total: Number(row.total),
  sealedAt: row.sealed_at.toISOString(),
  ...claimedForm(row.form),
});

/** A retired month as stored (see RetirementClaim). */
export interface RetirementRow {
  tenant_id: string;
  segment: string;
  last_number: number;
  last_seq: string;
  chain: string | null;
  total: string;
  retired_at: Date;
  jws: string;
}

export const CHECKPOINT_COLUMNS = (p = '') =>
  `${p}tenant_id, to_char(${p}segment, 'YYYY-MM-DD') AS segment, ${p}number, ${p}last_seq, ${p}chain, ${p}count, ${p}total, ${p}sealed_at, ${p}jws, ${p}form`;

/**
 * Reads the sealed chains for verification: the API (in the caller's tenant transaction, row-level security) and
 * `npm run audit:verify` (as the worker role, every tenant) share it, so both check exactly the same thing.
 */
let cursors = 0;

export class AuditChainReader implements ChainSource {
  constructor(private readonly db: Queryable) {}

  /** Tenants with events, seals or checkpoints (the CLI verifies each). */
  async tenantsWithTrail(): Promise<string[]> {
    const rows = await this.db.query<Array<{ tenant_id: string }>>(
      'SELECT id AS tenant_id FROM tenant t WHERE EXISTS (SELECT 1 FROM audit_checkpoint c WHERE c.tenant_id = t.id) OR EXISTS (SELECT 1 FROM audit_event e WHERE e.tenant_id = t.id) ORDER BY id',
    );
    return rows.map((r) => r.tenant_id);
  }

  /** The months a tenant has seals or checkpoints in. */
  async segments(tenantId: string): Promise<string[]> {
    const rows = await this.db.query<Array<{ segment: string }>>(
      `SELECT to_char(segment, 'YYYY-MM-DD') AS segment FROM audit_checkpoint WHERE tenant_id = $1
       UNION SELECT DISTINCT ${SEGMENT_SQL('s')} FROM audit_seal s WHERE s.tenant_id = $1 ORDER BY 1`,
      [tenantId],
    );
    return rows.map((r) => r.segment);
  }

  async checkpoints(tenantId: string, segment?: string, afterNumber = 0, limit = 1_000_000): Promise<CheckpointRow[]> {
    return this.db.query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS()} FROM audit_checkpoint WHERE tenant_id = $1 AND ($2::date IS NULL OR segment = $2::date)
       AND ($2::date IS NULL OR number > $3) ORDER BY audit_checkpoint.segment, number LIMIT $4`,
      [tenantId, segment ?? null, afterNumber, limit],
    );
  }

  /** A published page of checkpoints, in the order they were made. */
  async checkpointPage(tenantId: string, afterId: number | undefined, limit: number): Promise<Array<CheckpointRow & { id: string }>> {
    return this.db.query<Array<CheckpointRow & { id: string }>>(
      `SELECT id, ${CHECKPOINT_COLUMNS()} FROM audit_checkpoint WHERE tenant_id = $1 AND ($2::bigint IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [tenantId, afterId ?? null, limit],
    );
  }

  /**
   * A segment's chain in chain order (batch, then sequence), `pageSize` links at a time, through a cursor: one plan
   * for the whole month (chainQuery) instead of a keyset query per page. Must run inside a transaction (the
   * caller's). `npm run audit:verify` reads the same query through COPY instead (CopyChainReader).
   */
  async *chain(tenantId: string, segment: string, pageSize: number, form: ChainForm): AsyncGenerator<ChainRow[]> {
    const cursor = `audit_chain_${++cursors}`;
    // the whole result is read: plan for all rows, not the first few; and no JIT compilation (the per-row subquery
    // makes the estimate large enough to trigger it, and compiling costs more than it saves here)
    await this.db.query(`SELECT set_config('cursor_tuple_fraction', '1', true), set_config('jit', 'off', true)`);
    await this.db.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${chainQuery('$1::uuid', '$2::timestamp', form)}`, [tenantId, segment]);
    try {
      for (;;) {
        const rows = await this.db.query<ChainRow[]>(`FETCH ${pageSize} FROM ${cursor}`);
        if (rows.length === 0) return;
        yield rows;
      }
    } finally {
      await this.db.query(`CLOSE ${cursor}`);
    }
  }

  async retirements(tenantId: string): Promise<RetirementRow[]> {
    return this.db.query<RetirementRow[]>(
      `SELECT tenant_id, to_char(segment, 'YYYY-MM-DD') AS segment, last_number, last_seq, chain, total, retired_at, jws
       FROM audit_retirement WHERE tenant_id = $1 ORDER BY audit_retirement.segment`,
      [tenantId],
    );
  }

  /**
   * The lowest-numbered event older than `graceMs` that has no seal: written past the sealer, or its seal removed.
   * Retired months do not count: retention removes their events and seals.
   */
  async oldestUnsealed(tenantId: string, graceMs: number): Promise<number | undefined> {
    const [row] = await this.db.query<Array<{ seq: string | null }>>(
      `SELECT min(e.seq) AS seq FROM audit_event e WHERE e.tenant_id = $1 AND e.recorded_at < clock_timestamp() - $2 * interval '1 millisecond'
       AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.seq = e.seq AND s.recorded_at = e.recorded_at)
       AND NOT EXISTS (SELECT 1 FROM audit_retirement r WHERE r.tenant_id = e.tenant_id AND r.segment = (date_trunc('month', e.recorded_at AT TIME ZONE 'UTC'))::date)`,
      [tenantId, graceMs],
    );
    return row?.seq ? Number(row.seq) : undefined;
  }
}
