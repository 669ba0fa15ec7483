import { canonicalEventSql, CHAIN_FORMS, CURRENT_CHAIN_FORM, SEGMENT_SQL, type ChainForm } from './audit-chain.js';
import { CHECKPOINT_COLUMNS, type CheckpointRow, type Queryable } from './audit-chain.reader.js';

/** An event waiting for its seal: where it belongs and its canonical form (see audit-chain.ts), as bytes. */
export interface UnsealedRow {
  seq: string;
  /** The partition key as PostgreSQL printed it (microseconds kept). */
  recorded_at: string;
  tenant_id: string;
  segment: string;
  /** The form of the month's chain (audit-chain.ts). */
  form: ChainForm;
  body: Buffer;
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
  form: ChainForm;
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
   * that committed only after a later one was sealed (sequence order is not commit order). Each in the form of its
   * month's chain: the form of the month's checkpoints, for a month without any `newMonthForm`.
   */
  async unsealed(afterSeq: number, lookbackMs: number, limit: number, newMonthForm: ChainForm = CURRENT_CHAIN_FORM): Promise<UnsealedRow[]> {
    // the form is looked up once per month among the events picked (a lookup per event cost more than the
    // canonical form itself); recorded_at as text: a JS Date would lose its microseconds, and the seal must name the
    // row exactly
    const body = `CASE m.form ${CHAIN_FORMS.map((form) => `WHEN ${form} THEN ${canonicalEventSql(form, true)}`).join(' ')} END`;
    return this.db.query<UnsealedRow[]>(
      `WITH picked AS MATERIALIZED (
         (SELECT e.* FROM audit_event e WHERE e.seq > $1 ORDER BY e.seq LIMIT $3)
         UNION ALL
         (SELECT e.* FROM audit_event e WHERE e.seq <= $1 AND e.recorded_at > statement_timestamp() - $2 * interval '1 millisecond'
            AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.seq = e.seq AND s.recorded_at = e.recorded_at))
       ), month AS MATERIALIZED (
         SELECT k.tenant_id, k.segment, coalesce((SELECT c.form FROM audit_checkpoint c WHERE c.tenant_id = k.tenant_id AND c.segment = k.segment::date
           ORDER BY c.number LIMIT 1), $4::int) AS form
         FROM (SELECT DISTINCT e.tenant_id, ${SEGMENT_SQL('e')} AS segment FROM picked e) k
       )
       SELECT e.seq, e.recorded_at::text AS recorded_at, e.tenant_id, m.segment, m.form, ${body} AS body
       FROM picked e JOIN month m ON m.tenant_id = e.tenant_id AND m.segment = ${SEGMENT_SQL('e')}`,
      [afterSeq, lookbackMs, limit, newMonthForm],
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
      `INSERT INTO audit_checkpoint (tenant_id, segment, number, last_seq, chain, count, total, sealed_at, jws, form)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::int[], $4::bigint[], $5::char(64)[], $6::int[], $7::bigint[], $8::timestamptz[], $9::text[], $10::smallint[])`,
      [column('tenantId'), column('segment'), column('number'), column('lastSeq'), column('chain'), column('count'), column('total'), column('sealedAt'), column('jws'), column('form')],
    );
  }
}
