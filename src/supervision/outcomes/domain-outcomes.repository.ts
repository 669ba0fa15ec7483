import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';

export type DomainMetric = 'householdsWithGoals' | 'lowSelfReliance' | 'recurrence';

export interface DomainCountRow {
  metric: DomainMetric;
  month: string;
  domain: string;
  district: string;
  n: number;
}

/** Distinct households per (metric, month, domain, district); month boundaries in Europe/Amsterdam. */
@Injectable()
export class DomainOutcomesRepository {
  constructor(private readonly tx: TransactionHost) {}

  async counts(tenantId: string, from: string, to: string): Promise<DomainCountRow[]> {
    return this.tx.manager.query<DomainCountRow[]>(
      `WITH months AS MATERIALIZED (
         SELECT to_char(m, 'YYYY-MM') AS month,
                (m::timestamp AT TIME ZONE 'Europe/Amsterdam') AS month_start,
                ((m + interval '1 month')::timestamp AT TIME ZONE 'Europe/Amsterdam') AS month_end,
                (m + interval '1 month')::date AS next_day
           FROM generate_series(($2 || '-01')::date, ($3 || '-01')::date, interval '1 month') m
       ),
       in_care AS MATERIALIZED (
         SELECT DISTINCT mo.month, h.id AS household_id, h.district
           FROM months mo JOIN household_episode e ON e.tenant_id = $1 AND e.started_at < mo.month_end AND (e.ended_at IS NULL OR e.ended_at >= mo.month_start)
           JOIN household h ON h.id = e.household_id
       ),
       goals AS (
         SELECT c.month, g.domain_code AS domain, c.district, count(DISTINCT c.household_id)::int AS n
           FROM in_care c JOIN months mo ON mo.month = c.month
           JOIN plan p ON p.household_id = c.household_id
           JOIN plan_goal g ON g.plan_id = p.id AND g.created_at < mo.month_end
          GROUP BY 1, 2, 3
       ),
       low AS (
         SELECT c.month, x.domain_code AS domain, c.district, count(*)::int AS n
           FROM in_care c JOIN months mo ON mo.month = c.month
           CROSS JOIN LATERAL (
             SELECT DISTINCT ON (s.domain_code) s.domain_code, s.score
               FROM assessment a JOIN assessment_score s ON s.assessment_id = a.id
              WHERE a.household_id = c.household_id AND a.member_id IS NULL AND a.assessed_on < mo.next_day
              ORDER BY s.domain_code, a.assessed_on DESC, a.created_at DESC
           ) x
          WHERE x.score <= 2
          GROUP BY 1, 2, 3
       ),
       recurrence AS (
         SELECT mo.month, g.domain_code AS domain, h.district, count(DISTINCT h.id)::int AS n
           FROM months mo
           JOIN household_episode e ON e.tenant_id = $1 AND e.number > 1 AND e.started_at >= mo.month_start AND e.started_at < mo.month_end
           JOIN household h ON h.id = e.household_id
           JOIN plan p ON p.household_id = h.id
           JOIN plan_goal g ON g.plan_id = p.id
          GROUP BY 1, 2, 3
       )
       SELECT 'householdsWithGoals' AS metric, month, domain, district, n FROM goals
       UNION ALL SELECT 'lowSelfReliance', month, domain, district, n FROM low
       UNION ALL SELECT 'recurrence', month, domain, district, n FROM recurrence`,
      [tenantId, from, to],
    );
  }

  async districts(tenantId: string): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ district: string }>>('SELECT DISTINCT district FROM household WHERE tenant_id = $1 ORDER BY district', [tenantId]);
    return rows.map((r) => r.district);
  }

  lifeDomains(tenantId: string): Promise<Array<{ code: string; labelNl: string; labelEn: string }>> {
    return this.tx.manager.query('SELECT code, label_nl AS "labelNl", label_en AS "labelEn" FROM life_domain WHERE tenant_id = $1 ORDER BY position, code', [tenantId]);
  }
}
