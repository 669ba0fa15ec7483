import { sqlState } from '../common/sql-state.js';
import type { RetirementClaim } from './audit-chain.js';
import { CHECKPOINT_COLUMNS, claimOfCheckpoint, type CheckpointRow, type Queryable } from './audit-chain.reader.js';
import { sameClaim, type AuditKeyring } from './audit-keys.js';

/** A month of a tenant's trail whose period has passed, and whether anything keeps it. */
export interface RetirementCandidate {
  segment: string;
  events: number;
  /** Already retired (its rows may still be being removed). */
  retired: boolean;
  /** Whether events of the month concern a household still kept (1) or not (0); how many held households they concern. */
  keptHouseholds: number;
  heldHouseholds: number;
  /** Signals still kept that events of the month concern. */
  keptSignals: number;
  /** Events of the month the sealer has not sealed: the month cannot be retired before they are. */
  unsealed: number;
}

const MONTH = `$2::timestamp AT TIME ZONE 'UTC'`;
const NEXT = `($2::timestamp + interval '1 month') AT TIME ZONE 'UTC'`;

/**
 * Retiring months of the audit trail (docs/PRIVACY.md, "Audit trail after purging"): a month of one tenant may go once
 * its period has passed and none of its events concerns a case or signal that is still kept. Retiring writes a signed
 * record of where the month's chain stood (its last checkpoint); only then does the database let the month's events
 * and seals be deleted (trigger `audit_refuse_unless_retired`), and the verifier checks the month against the record.
 * Runs as the worker role (system work).
 */
export class AuditRetirementStore {
  constructor(
    private readonly db: Queryable,
    private readonly keys: AuditKeyring,
  ) {}

  /** Months wholly before `before` (a month start, UTC) with events, seals or checkpoints of the tenant, oldest first. */
  async candidates(tenantId: string, before: Date): Promise<RetirementCandidate[]> {
    const months = await this.db.query<Array<{ segment: string; events: string; retired: boolean }>>(
      `WITH months AS (
         SELECT (date_trunc('month', recorded_at AT TIME ZONE 'UTC'))::date AS segment, count(*) AS events
         FROM audit_event WHERE tenant_id = $1 AND recorded_at < $2 GROUP BY 1
         UNION ALL SELECT segment, 0 FROM audit_checkpoint WHERE tenant_id = $1 AND segment < ($2::timestamptz AT TIME ZONE 'UTC')::date
       )
       SELECT to_char(m.segment, 'YYYY-MM-DD') AS segment, sum(m.events) AS events,
              EXISTS (SELECT 1 FROM audit_retirement r WHERE r.tenant_id = $1 AND r.segment = m.segment) AS retired
       FROM months m GROUP BY m.segment ORDER BY m.segment`,
      [tenantId, before],
    );
    const result: RetirementCandidate[] = [];
    for (const m of months) {
      const base = { segment: m.segment, events: Number(m.events), retired: m.retired };
      if (m.retired || Number(m.events) === 0) {
        result.push({ ...base, keptHouseholds: 0, heldHouseholds: 0, keptSignals: 0, unsealed: 0 });
        continue;
      }
      result.push({ ...base, ...(await this.whatKeeps(tenantId, m.segment)) });
    }
    return result;
  }

  /**
   * What keeps a month, cheapest question first so that a month that must stay costs little (at scale, most do):
   * held cases (through the few active holds and the household index), then any kept case (stops at the first
   * event found), and only for a month that may go the scans for kept signals and unsealed events.
   */
  private async whatKeeps(tenantId: string, segment: string): Promise<Omit<RetirementCandidate, 'segment' | 'events' | 'retired'>> {
    const none = { keptHouseholds: 0, heldHouseholds: 0, keptSignals: 0, unsealed: 0 };
    const [held] = await this.db.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM legal_hold l WHERE l.tenant_id = $1 AND l.lifted_at IS NULL AND EXISTS (
         SELECT 1 FROM audit_event e WHERE e.tenant_id = $1 AND e.household_id = l.household_id AND e.recorded_at >= ${MONTH} AND e.recorded_at < ${NEXT})`,
      [tenantId, segment],
    );
    if (Number(held?.n ?? 0) > 0) return { ...none, heldHouseholds: Number(held!.n) };
    const kept = await this.db.query<unknown[]>(
      `SELECT 1 FROM audit_event e JOIN household h ON h.tenant_id = e.tenant_id AND h.id = e.household_id
       WHERE e.tenant_id = $1 AND e.recorded_at >= ${MONTH} AND e.recorded_at < ${NEXT} LIMIT 1`,
      [tenantId, segment],
    );
    if (kept.length > 0) return { ...none, keptHouseholds: 1 };
    const [rest] = await this.db.query<Array<{ signals: string; unsealed: string }>>(
      `WITH month AS (SELECT e.seq, e.recorded_at, e.resource_type, e.resource_id FROM audit_event e
                      WHERE e.tenant_id = $1 AND e.recorded_at >= ${MONTH} AND e.recorded_at < ${NEXT})
       SELECT (SELECT count(DISTINCT s.id) FROM month JOIN signal s ON s.tenant_id = $1 AND s.id = month.resource_id WHERE month.resource_type = 'signal') AS signals,
              (SELECT count(*) FROM month WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.seq = month.seq AND s.recorded_at = month.recorded_at)) AS unsealed`,
      [tenantId, segment],
    );
    return { ...none, keptSignals: Number(rest?.signals ?? 0), unsealed: Number(rest?.unsealed ?? 0) };
  }

  /**
   * Writes the month's signed retirement record (idempotent). Refuses — returns false — when the month's chain head
   * is not one we signed or does not cover every seal of the month: a month is only retired from an intact chain.
   */
  async retire(tenantId: string, segment: string, now: Date): Promise<boolean> {
    const [head] = await this.db.query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS()} FROM audit_checkpoint WHERE tenant_id = $1 AND segment = $2::date ORDER BY number DESC LIMIT 1`,
      [tenantId, segment],
    );
    const [{ seals }] = await this.db.query<[{ seals: string }]>(
      `SELECT count(*) AS seals FROM audit_seal WHERE tenant_id = $1 AND recorded_at >= ${MONTH} AND recorded_at < ${NEXT}`,
      [tenantId, segment],
    );
    if (head) {
      const signed = await this.keys.verify(head.jws);
      if (!signed || !sameClaim(signed, claimOfCheckpoint(head)) || Number(head.total) !== Number(seals)) return false;
    } else if (Number(seals) > 0) {
      return false;
    }
    const claim: RetirementClaim = {
      kind: 'retirement', tenantId, segment, number: head?.number ?? 0, lastSeq: Number(head?.last_seq ?? 0), chain: head?.chain ?? null,
      total: Number(head?.total ?? 0), retiredAt: now.toISOString(),
    };
    await this.db.query(
      `INSERT INTO audit_retirement (tenant_id, segment, last_number, last_seq, chain, total, retired_at, jws)
       VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, segment) DO NOTHING`,
      [tenantId, segment, claim.number, claim.lastSeq, claim.chain, claim.total, now, await this.keys.signRetirement(claim)],
    );
    return true;
  }

  /**
   * Drops the month's partitions when every tenant with rows in them has retired it (the fast path: one catalogue
   * change instead of millions of deletes). The drop briefly locks the audit tables, so it waits at most `lockMs`
   * (new events must not queue behind it); false when it did not happen — then the rows are deleted in batches.
   * Must run in a transaction of its own.
   */
  async dropMonthIfAllRetired(segment: string, lockMs = 2_000): Promise<boolean> {
    await this.db.query(`SELECT set_config('lock_timeout', $1, true)`, [`${lockMs}ms`]);
    await this.db.query('SAVEPOINT audit_drop_month');
    try {
      const [row] = await this.db.query<[{ dropped: boolean }]>(`SELECT audit_drop_retired_month($1::date) AS dropped`, [segment]);
      await this.db.query('RELEASE SAVEPOINT audit_drop_month');
      return row?.dropped === true;
    } catch (error) {
      if (sqlState(error) !== '55P03') throw error;
      // someone holds the audit tables (a long verification): leave the partitions, delete the rows instead
      await this.db.query('ROLLBACK TO SAVEPOINT audit_drop_month');
      return false;
    }
  }

  /**
   * Deletes up to `limit` events of a retired month with their seals: the number of events removed; once none are
   * left, leftover seals (a negative count of them); 0 when the month is empty.
   */
  async purgeBatch(tenantId: string, segment: string, limit: number): Promise<number> {
    // the worker holds no DELETE on the audit tables: the owner's function does it, for retired months only
    const [{ n }] = await this.db.query<[{ n: string }]>(`SELECT audit_purge_retired($1, $2::date, $3) AS n`, [tenantId, segment, limit]);
    return Number(n);
  }

}
