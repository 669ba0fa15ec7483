import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { CASE_FILE_STATEMENTS, CASE_KEEPING_TABLES } from './case-file.purge.js';
import { FINISHED_REQUEST_STEP, REQUEST_COMPLETED_AT } from './request-retention.js';
import type { RetentionCategory } from './retention-schedule.js';

/** What a category holds past its period: counts and the range of start moments. */
export interface Survey {
  eligible: number;
  /** Kept although expired: under a legal hold, or (case files) named by an AVG request that is open or within its period. */
  held: number;
  /** Of `held`: case files kept because an AVG art. 17/18 request that is open or not yet expired names them. */
  heldByRequest: number;
  oldest: Date | null;
  newest: Date | null;
}

/** A household column under an active legal hold (`$1` is the tenant). */
const held = (householdColumn: string) =>
  `EXISTS (SELECT 1 FROM legal_hold l WHERE l.tenant_id = $1 AND l.household_id = ${householdColumn} AND l.lifted_at IS NULL)`;

/**
 * Per record category: which rows have outlived the period (`$1` tenant, `$2` cut-off: a row whose start moment is
 * on or before it has expired), which of those a legal hold keeps, and how one batch of the rest is deleted.
 * `from` names the rows as `x` with `x.start` (the start moment) and `x.held`.
 */
interface CategorySql {
  expired: string;
  purge?: (limit: string) => string;
  /** Run after each batch, in its transaction: rows that only existed through the deleted ones (`$1` tenant). */
  after?: string;
}

const FINISHED = Object.keys(FINISHED_REQUEST_STEP).map((status) => `'${status}'`).join(', ');

/** Finished requests of the tenant whose period after completion has passed (`$2` the cut-off), as `r`. */
const EXPIRED_REQUESTS = `FROM privacy_request r WHERE r.tenant_id = $1 AND r.status IN (${FINISHED}) AND ${REQUEST_COMPLETED_AT} <= $2`;

type OwnSql = Exclude<RetentionCategory, 'case_file' | 'audit_events' | 'privacy_requests'>;

const SQL: Record<OwnSql, CategorySql> = {
  signals: {
    expired: `SELECT s.created_at AS start, (s.household_id IS NOT NULL AND ${held('s.household_id')}) AS held FROM signal s WHERE s.tenant_id = $1 AND s.created_at <= $2`,
    purge: (limit) => `WITH gone AS (DELETE FROM signal d WHERE d.tenant_id = $1 AND d.id IN (
               SELECT s.id FROM signal s WHERE s.tenant_id = $1 AND s.created_at <= $2 AND NOT (s.household_id IS NOT NULL AND ${held('s.household_id')}) LIMIT ${limit}) RETURNING 1)
           SELECT count(*) AS n FROM gone`,
    // an intake item without a household exists only through its signals (their links cascade): with the last one it goes
    after: `DELETE FROM signal_intake_item i WHERE i.tenant_id = $1 AND i.household_id IS NULL
            AND NOT EXISTS (SELECT 1 FROM signal_intake_item_signal x WHERE x.tenant_id = $1 AND x.intake_item_id = i.id)`,
  },
  inbox_items: {
    expired: `SELECT n.created_at AS start, (n.household_id IS NOT NULL AND ${held('n.household_id')}) AS held FROM notification n WHERE n.tenant_id = $1 AND n.created_at <= $2`,
    purge: (limit) => `WITH gone AS (DELETE FROM notification d WHERE d.tenant_id = $1 AND d.id IN (
               SELECT n.id FROM notification n WHERE n.tenant_id = $1 AND n.created_at <= $2 AND NOT (n.household_id IS NOT NULL AND ${held('n.household_id')}) LIMIT ${limit}) RETURNING 1)
           SELECT count(*) AS n FROM gone`,
  },
  emails: {
    expired: `SELECT n.created_at AS start, (n.household_id IS NOT NULL AND ${held('n.household_id')}) AS held FROM notification n WHERE n.tenant_id = $1 AND n.created_at <= $2 AND n.emailed_at IS NOT NULL`,
  },
  webhook_deliveries: {
    expired: `SELECT w.created_at AS start, (e.household_id IS NOT NULL AND ${held('e.household_id')}) AS held
              FROM webhook_delivery w JOIN outbox_event e ON e.id = w.event_id WHERE w.tenant_id = $1 AND w.created_at <= $2 AND w.status <> 'pending'`,
    purge: (limit) => `WITH gone AS (DELETE FROM webhook_delivery d WHERE d.tenant_id = $1 AND d.id IN (
               SELECT w.id FROM webhook_delivery w JOIN outbox_event e ON e.id = w.event_id
               WHERE w.tenant_id = $1 AND w.created_at <= $2 AND w.status <> 'pending' AND NOT (e.household_id IS NOT NULL AND ${held('e.household_id')}) LIMIT ${limit}) RETURNING 1)
           SELECT count(*) AS n FROM gone`,
  },
  idempotency_records: {
    expired: `SELECT r.created_at AS start, false AS held FROM idempotency_record r WHERE r.tenant_id = $1 AND r.created_at <= $2`,
    purge: (limit) => `WITH gone AS (DELETE FROM idempotency_record d WHERE d.ctid = ANY (ARRAY(
               SELECT r.ctid FROM idempotency_record r WHERE r.tenant_id = $1 AND r.created_at <= $2 LIMIT ${limit} FOR UPDATE SKIP LOCKED)) RETURNING 1)
           SELECT count(*) AS n FROM gone`,
  },
  outbox_events: {
    expired: `SELECT e.occurred_at AS start, false AS held FROM outbox_event e WHERE e.tenant_id = $1 AND e.household_id IS NULL AND e.processed_at IS NOT NULL AND e.occurred_at <= $2
              AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.event_id = e.id) AND NOT EXISTS (SELECT 1 FROM webhook_delivery w WHERE w.event_id = e.id)`,
    purge: (limit) => `WITH gone AS (DELETE FROM outbox_event d WHERE d.id IN (
               SELECT e.id FROM outbox_event e WHERE e.tenant_id = $1 AND e.household_id IS NULL AND e.processed_at IS NOT NULL AND e.occurred_at <= $2
               AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.event_id = e.id) AND NOT EXISTS (SELECT 1 FROM webhook_delivery w WHERE w.event_id = e.id)
               LIMIT ${limit} FOR UPDATE SKIP LOCKED) RETURNING 1)
           SELECT count(*) AS n FROM gone`,
  },
};

/**
 * A case named by an AVG art. 17/18 request that is still open (recorded, approved, a restriction in force) or
 * finished less than the `privacy_requests` period ago (`$3` its cut-off; NULL: every request keeps its case) is
 * kept: the request is the evidence of how it was handled and names the household and member, and an open one may
 * still need the data (a restriction freezes processing, purging included). The dry run counts such cases as held.
 * Once every request of the case has expired the `privacy_requests` category deletes them (it runs first), and the
 * case may go.
 */
const keptByRequest = (householdColumn: string) =>
  `EXISTS (SELECT 1 FROM privacy_request r WHERE r.tenant_id = $1 AND r.household_id = ${householdColumn} AND NOT COALESCE(${REQUEST_COMPLETED_AT} <= $3::timestamptz, false))`;

/** Any request row names the household: its foreign key would stop the purge, so the purge waits for the next run. */
const namedByRequest = (householdColumn: string) =>
  CASE_KEEPING_TABLES.map((table) => `EXISTS (SELECT 1 FROM ${table} r WHERE r.tenant_id = $1 AND r.household_id = ${householdColumn})`).join(' OR ');

const CASE_FILE_EXPIRED = `SELECT h.closed_at AS start, (${held('h.id')} OR ${keptByRequest('h.id')}) AS held, (NOT ${held('h.id')} AND ${keptByRequest('h.id')}) AS by_request FROM household h WHERE h.tenant_id = $1 AND h.status = 'closed' AND h.closed_at <= $2`;

const REQUESTS_EXPIRED = `SELECT ${REQUEST_COMPLETED_AT} AS start, ${held('r.household_id')} AS held ${EXPIRED_REQUESTS}`;

/** The retention engine's SQL (system work: the worker role, every query scoped to one tenant). */
@Injectable()
export class RetentionPurgeRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * `requestCutoff` (case files only): the `privacy_requests` cut-off — a case named by a request finished after it,
   * or by an open one, is kept. Null: every request keeps its case.
   */
  async survey(category: Exclude<RetentionCategory, 'audit_events'>, tenantId: string, cutoff: Date, requestCutoff: Date | null = null): Promise<Survey> {
    const expired = category === 'case_file' ? CASE_FILE_EXPIRED : category === 'privacy_requests' ? REQUESTS_EXPIRED : SQL[category].expired;
    const byRequest = category === 'case_file' ? 'x.by_request' : 'false';
    const [row] = await this.tx.manager.query<Array<{ eligible: string; held: string; by_request: string; oldest: Date | null; newest: Date | null }>>(
      `SELECT count(*) AS eligible, count(*) FILTER (WHERE x.held) AS held, count(*) FILTER (WHERE ${byRequest}) AS by_request, min(x.start) AS oldest, max(x.start) AS newest FROM (${expired}) x`,
      category === 'case_file' ? [tenantId, cutoff, requestCutoff] : [tenantId, cutoff],
    );
    return { eligible: Number(row?.eligible ?? 0), held: Number(row?.held ?? 0), heldByRequest: Number(row?.by_request ?? 0), oldest: row?.oldest ?? null, newest: row?.newest ?? null };
  }

  /** Whether the category deletes rows of its own (`emails` go with their inbox items). */
  deletes(category: Exclude<RetentionCategory, 'audit_events'>): boolean {
    return category === 'case_file' || category === 'privacy_requests' || SQL[category].purge !== undefined;
  }

  /** Deletes one batch of expired, unheld rows; how many. Zero when nothing is left. */
  async purgeBatch(category: Exclude<RetentionCategory, 'audit_events'>, tenantId: string, cutoff: Date, limit: number): Promise<number> {
    if (category === 'case_file') return this.purgeCaseFiles(tenantId, cutoff, limit);
    if (category === 'privacy_requests') return this.purgeRequests(tenantId, cutoff, limit);
    const purge = SQL[category].purge;
    if (!purge) return 0;
    const [row] = await this.tx.manager.query<Array<{ n: string }>>(purge(String(Math.trunc(limit))), [tenantId, cutoff]);
    const after = SQL[category].after;
    if (after && Number(row?.n ?? 0) > 0) await this.tx.manager.query(after, [tenantId]);
    return Number(row?.n ?? 0);
  }

  /**
   * Deletes up to `limit` case files whose period has passed, whole, in the caller's transaction. The households are
   * locked first (SKIP LOCKED: a case someone is working on right now waits for the next batch) and re-checked under
   * the lock: still closed, still past the cut-off, no active hold, no AVG request left (the `privacy_requests`
   * category, run before, has deleted those whose period passed; one it could not take yet keeps the case a run longer).
   */
  private async purgeCaseFiles(tenantId: string, cutoff: Date, limit: number): Promise<number> {
    const rows = await this.tx.manager.query<Array<{ id: string }>>(
      `SELECT h.id FROM household h WHERE h.tenant_id = $1 AND h.status = 'closed' AND h.closed_at <= $2 AND NOT ${held('h.id')} AND NOT ${namedByRequest('h.id')}
       ORDER BY h.closed_at, h.id LIMIT $3 FOR UPDATE OF h SKIP LOCKED`,
      [tenantId, cutoff, limit],
    );
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    for (const statement of CASE_FILE_STATEMENTS) await this.tx.manager.query(statement, [tenantId, ids]);
    return ids.length;
  }

  /**
   * Deletes up to `limit` finished requests (with their stored reports) whose period after completion has passed and
   * whose household has no active legal hold. `privacy_request` refuses DELETE by trigger — a request is evidence —
   * except for a finished request the worker has marked in `privacy_request_purge` in the same transaction (as the
   * case-file purge marks plans for their append-only revisions); the request role cannot write marks. The requests
   * are locked first (SKIP LOCKED: one being read or lifted right now waits for the next batch).
   */
  private async purgeRequests(tenantId: string, cutoff: Date, limit: number): Promise<number> {
    const rows = await this.tx.manager.query<Array<{ id: string }>>(
      `SELECT r.id ${EXPIRED_REQUESTS} AND NOT ${held('r.household_id')} ORDER BY r.id LIMIT $3 FOR UPDATE OF r SKIP LOCKED`,
      [tenantId, cutoff, limit],
    );
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    await this.tx.manager.query(`INSERT INTO privacy_request_purge (tenant_id, request_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [tenantId, ids]);
    await this.tx.manager.query(`DELETE FROM privacy_request WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenantId, ids]);
    await this.tx.manager.query(`DELETE FROM privacy_request_purge WHERE tenant_id = $1 AND request_id = ANY($2::uuid[])`, [tenantId, ids]);
    return ids.length;
  }

  /** Tenants, in a stable order. */
  async tenantIds(only?: string): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ id: string }>>(`SELECT id FROM tenant WHERE $1::uuid IS NULL OR id = $1 ORDER BY id`, [only ?? null]);
    return rows.map((r) => r.id);
  }
}
