import { CANONICAL_EVENT_SQL, SEGMENT_SQL } from './audit-chain.js';
import { CHECKPOINT_COLUMNS, type CheckpointRow, type Queryable } from './audit-chain.reader.js';

/** An event waiting for its seal: where it belongs and its canonical form (see audit-chain.ts). */
export interface UnsealedRow {
  seq: string;
  /** The partition key as PostgreSQL printed it (microseconds kept). */
  recorded_at: string;
  tenant_id: string;
  segment: string;
  body: string;
}

export interface NewSeal {
  seq: string;
  recordedAt: string;
  tenantId: string;
  batch: number;
  mac: string;
}

export interface NewCheckpoint {
  tenantId: string;
  segment: string;
  number: number;
  lastSeq: number;
  chain: string;
  count: number;
  total: number;
  sealedAt: Date;
  jws: string;
}

/**
 * What the sealer reads and writes, as system work (the worker role: every tenant). Seals and checkpoints are only
 * ever inserted. Used by the sealer job and by `npm run seed -- --audit-events` (which seals what it loads).
 */
export class AuditSealStore {
  constructor(private readonly db: Queryable) {}

  /** One sealer at a time across replicas: a transaction-level advisory lock, released at commit. */
  async trySealerLock(): Promise<boolean> {
    const [row] = await this.db.query<Array<{ locked: boolean }>>(`SELECT pg_try_advisory_xact_lock(hashtext('eenplan:audit-sealer')) AS locked`);
    return row?.locked === true;
  }

  /** Month partitions from this month to `monthsAhead` ahead (owner's function; the worker may call it). */
  async ensurePartitions(monthsAhead: number): Promise<number> {
    const [row] = await this.db.query<Array<{ made: number }>>('SELECT audit_ensure_partitions(now(), $1) AS made', [monthsAhead]);
    return row?.made ?? 0;
  }

  async highestSealedSeq(): Promise<number> {
    const [row] = await this.db.query<Array<{ seq: string | null }>>('SELECT max(seq) AS seq FROM audit_seal');
    return Number(row?.seq ?? 0);
  }

  /**
   * Events to seal: those numbered after the highest sealed one, and — within the look-back — any numbered lower
   * that committed only after a later one was sealed (sequence order is not commit order).
   */
  async unsealed(afterSeq: number, lookbackMs: number, limit: number): Promise<UnsealedRow[]> {
    // recorded_at as text: a JS Date would lose its microseconds, and the seal must name the row exactly
    const select = `SELECT e.seq, e.recorded_at::text AS recorded_at, e.tenant_id, ${SEGMENT_SQL('e')} AS segment, ${CANONICAL_EVENT_SQL} AS body FROM audit_event e`;
    return this.db.query<UnsealedRow[]>(
      `(${select} WHERE e.seq > $1 ORDER BY e.seq LIMIT $3)
       UNION ALL
       (${select} WHERE e.seq <= $1 AND e.recorded_at > clock_timestamp() - $2 * interval '1 millisecond'
          AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.seq = e.seq AND s.recorded_at = e.recorded_at))`,
      [afterSeq, lookbackMs, limit],
    );
  }

  /** The newest checkpoint of each (tenant, segment) named. */
  async lastCheckpoints(keys: Array<{ tenantId: string; segment: string }>): Promise<CheckpointRow[]> {
    if (keys.length === 0) return [];
    return this.db.query<CheckpointRow[]>(
      `SELECT DISTINCT ON (c.tenant_id, c.segment) ${CHECKPOINT_COLUMNS('c.')} FROM audit_checkpoint c
       JOIN unnest($1::uuid[], $2::date[]) AS k(tenant_id, segment) ON k.tenant_id = c.tenant_id AND k.segment = c.segment
       ORDER BY c.tenant_id, c.segment, c.number DESC`,
      [keys.map((k) => k.tenantId), keys.map((k) => k.segment)],
    );
  }

  async insertSeals(seals: NewSeal[]): Promise<void> {
    if (seals.length === 0) return;
    await this.db.query(
      `INSERT INTO audit_seal (seq, recorded_at, tenant_id, batch, mac)
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::int[], $5::char(64)[])`,
      [seals.map((s) => s.seq), seals.map((s) => s.recordedAt), seals.map((s) => s.tenantId), seals.map((s) => s.batch), seals.map((s) => s.mac)],
    );
  }

  async insertCheckpoints(checkpoints: NewCheckpoint[]): Promise<void> {
    if (checkpoints.length === 0) return;
    const column = <K extends keyof NewCheckpoint>(key: K) => checkpoints.map((c) => c[key]);
    await this.db.query(
      `INSERT INTO audit_checkpoint (tenant_id, segment, number, last_seq, chain, count, total, sealed_at, jws)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::int[], $4::bigint[], $5::char(64)[], $6::int[], $7::bigint[], $8::timestamptz[], $9::text[])`,
      [column('tenantId'), column('segment'), column('number'), column('lastSeq'), column('chain'), column('count'), column('total'), column('sealedAt'), column('jws')],
    );
  }
}
