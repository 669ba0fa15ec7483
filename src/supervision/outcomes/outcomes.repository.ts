import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';

/** One (month, district) row; district null is the municipality as a whole (GROUPING SETS). */
export interface ScopeRow {
  month: string;
  district: string | null;
}
export interface StatusRow extends ScopeRow {
  registered: number;
  in_care: number;
  closed: number;
}
export interface FlowRow extends ScopeRow {
  registered_in_month: number;
  closed_in_month: number;
  reopened_within_12_months: number;
  median_days_open: number | null;
}
export interface StalledRow extends ScopeRow {
  stalled: number;
}
export interface ProgressRow extends ScopeRow {
  domain_code: string;
  households: number;
  average_change: number;
}

/**
 * Outcome figures per month and district, all computed from history the database keeps: episodes (registration,
 * close, reopen), coordinator assignments (intake), stalled_case rows and assessments. A month's end is the first
 * moment of the next month in Europe/Amsterdam, or now for the running month.
 */
@Injectable()
export class OutcomesRepository {
  constructor(private readonly tx: TransactionHost) {}

  private months = `m AS (
      SELECT to_char(d, 'YYYY-MM') AS month,
             (d AT TIME ZONE 'Europe/Amsterdam') AS m_start,
             LEAST(((d + interval '1 month') AT TIME ZONE 'Europe/Amsterdam'), $4::timestamptz) AS m_end,
             LEAST((d + interval '1 month')::date, $5::date + 1) AS end_date
        FROM generate_series($2::timestamp, $3::timestamp, interval '1 month') AS d
    )`;

  private params(tenantId: string, from: string, to: string, now: Date, today: string) {
    return [tenantId, `${from}-01`, `${to}-01`, now, today];
  }

  /** Inside the report's transaction: the estimates over months × households are high enough to trigger JIT, which costs more than it saves. */
  async withoutJit(): Promise<void> {
    await this.tx.manager.query('SET LOCAL jit = off');
  }

  /**
   * The municipality's first month with a household (Europe/Amsterdam), or null: the canonical start of the
   * linked small-cell protection (linked-suppression.ts).
   */
  async firstMonth(tenantId: string): Promise<string | null> {
    const rows = await this.tx.manager.query<Array<{ month: string | null }>>(
      `SELECT to_char(min(registered_at) AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') AS month FROM household WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows[0]?.month ?? null;
  }

  async districts(tenantId: string): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ district: string }>>('SELECT DISTINCT district FROM household WHERE tenant_id = $1 ORDER BY district', [tenantId]);
    return rows.map((r) => r.district);
  }

  /**
   * Status at month end, from episodes: no open episode → closed; an open episode whose first coordinator
   * assignment started before the month end → in care (intake, active or aftercare); otherwise registered.
   */
  statusAtMonthEnd(tenantId: string, from: string, to: string, now: Date, today: string): Promise<StatusRow[]> {
    return this.tx.manager.query<StatusRow[]>(
      `WITH ${this.months},
       ep AS (
         SELECT e.household_id, e.started_at, e.ended_at,
                (SELECT min(ca.started_at) FROM coordinator_assignment ca
                  WHERE ca.household_id = e.household_id AND ca.started_at >= e.started_at AND (e.ended_at IS NULL OR ca.started_at <= e.ended_at)) AS first_assigned_at
           FROM household_episode e WHERE e.tenant_id = $1
       )
       SELECT m.month, h.district,
              count(*) FILTER (WHERE ep.household_id IS NOT NULL AND (ep.first_assigned_at IS NULL OR ep.first_assigned_at >= m.m_end))::int AS registered,
              count(*) FILTER (WHERE ep.first_assigned_at < m.m_end)::int AS in_care,
              count(*) FILTER (WHERE ep.household_id IS NULL)::int AS closed
         FROM m
         JOIN household h ON h.tenant_id = $1 AND h.registered_at < m.m_end
         LEFT JOIN ep ON ep.household_id = h.id AND ep.started_at < m.m_end AND (ep.ended_at IS NULL OR ep.ended_at >= m.m_end)
        GROUP BY GROUPING SETS ((m.month, h.district), (m.month))`,
      this.params(tenantId, from, to, now, today),
    );
  }

  /** New registrations, closes (with the median calendar days the closed episodes were open) and quick reopens. */
  flows(tenantId: string, from: string, to: string, now: Date, today: string): Promise<FlowRow[]> {
    const inMonth = (col: string) => `(${col} >= m.m_start AND ${col} < m.m_end)`;
    return this.tx.manager.query<FlowRow[]>(
      `WITH ${this.months}
       SELECT m.month, h.district,
              count(*) FILTER (WHERE e.number = 1 AND ${inMonth('e.started_at')})::int AS registered_in_month,
              count(*) FILTER (WHERE ${inMonth('e.ended_at')})::int AS closed_in_month,
              count(*) FILTER (WHERE e.number > 1 AND ${inMonth('e.started_at')} AND prev.ended_at >= e.started_at - interval '12 months')::int AS reopened_within_12_months,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ((e.ended_at AT TIME ZONE 'Europe/Amsterdam')::date - (e.started_at AT TIME ZONE 'Europe/Amsterdam')::date))
                FILTER (WHERE ${inMonth('e.ended_at')}) AS median_days_open
         FROM m
         JOIN household_episode e ON e.tenant_id = $1 AND (${inMonth('e.started_at')} OR ${inMonth('e.ended_at')})
         JOIN household h ON h.id = e.household_id
         LEFT JOIN household_episode prev ON prev.household_id = e.household_id AND prev.number = e.number - 1
        GROUP BY GROUPING SETS ((m.month, h.district), (m.month))`,
      this.params(tenantId, from, to, now, today),
    );
  }

  /** Households with at least one rule firing at month end (snoozed or not: a snooze hides, it does not resolve). */
  stalledAtMonthEnd(tenantId: string, from: string, to: string, now: Date, today: string): Promise<StalledRow[]> {
    return this.tx.manager.query<StalledRow[]>(
      `WITH ${this.months}
       SELECT m.month, h.district, count(DISTINCT sc.household_id)::int AS stalled
         FROM m
         JOIN stalled_case sc ON sc.tenant_id = $1 AND sc.since < m.m_end AND (sc.cleared_at IS NULL OR sc.cleared_at >= m.m_end)
         JOIN household h ON h.id = sc.household_id
        GROUP BY GROUPING SETS ((m.month, h.district), (m.month))`,
      this.params(tenantId, from, to, now, today),
    );
  }

  /**
   * When the municipality's stall history begins (its first stall evaluation), or null before any: stalled counts
   * at a month end that came earlier are not known.
   */
  async stallHistoryStart(tenantId: string): Promise<Date | null> {
    const rows = await this.tx.manager.query<Array<{ first_evaluated_at: Date }>>('SELECT first_evaluated_at FROM stall_evaluation_run WHERE tenant_id = $1', [tenantId]);
    return rows[0]?.first_evaluated_at ?? null;
  }

  /** The months of the window that ended before the stall history began (all of them before any evaluation). */
  unmeasuredStallMonths(tenantId: string, from: string, to: string, now: Date, today: string): Promise<Array<{ month: string }>> {
    return this.tx.manager.query<Array<{ month: string }>>(
      `WITH ${this.months}
       SELECT m.month FROM m
        WHERE m.m_end <= COALESCE((SELECT r.first_evaluated_at FROM stall_evaluation_run r WHERE r.tenant_id = $1), 'infinity'::timestamptz)
        ORDER BY m.month`,
      this.params(tenantId, from, to, now, today),
    );
  }

  /**
   * Per domain, over households with at least two household-level scores in that domain by the month end:
   * latest score (by the month end) minus first score, averaged. Higher is better (1–5).
   */
  assessmentProgress(tenantId: string, from: string, to: string, now: Date, today: string): Promise<ProgressRow[]> {
    return this.tx.manager.query<ProgressRow[]>(
      `WITH ${this.months},
       s AS (
         SELECT a.household_id, sc.domain_code, a.assessed_on, sc.score,
                row_number() OVER w AS n, first_value(sc.score) OVER w AS first_score, lead(a.assessed_on) OVER w AS next_on
           FROM assessment a JOIN assessment_score sc ON sc.assessment_id = a.id
          WHERE a.tenant_id = $1 AND a.member_id IS NULL
         WINDOW w AS (PARTITION BY a.household_id, sc.domain_code ORDER BY a.assessed_on, a.created_at, a.id)
       )
       SELECT m.month, h.district, s.domain_code, count(*)::int AS households, avg(s.score - s.first_score)::float8 AS average_change
         FROM m
         JOIN s ON s.n > 1 AND s.assessed_on < m.end_date AND (s.next_on IS NULL OR s.next_on >= m.end_date)
         JOIN household h ON h.id = s.household_id
        GROUP BY GROUPING SETS ((m.month, h.district, s.domain_code), (m.month, s.domain_code))`,
      this.params(tenantId, from, to, now, today),
    );
  }
}
