import { DOMAIN_EVENTS, type DomainEventPayloads, type DomainEventType } from '../../events/event-types.js';
import { STALL_RULE_DEFINITIONS, STALL_RULES, type RuleSetting, type StallRule } from '../stall-rules.js';

// The events this statement writes, held to the event map by the compiler (constants, never user input).
const STALLED = 'case.stalled' satisfies DomainEventType;
const UNSTALLED = 'case.unstalled' satisfies DomainEventType;
const STALL_AGGREGATE = DOMAIN_EVENTS[STALLED].aggregate;
const RULES_KEY = 'rules' satisfies keyof DomainEventPayloads[typeof STALLED | typeof UNSTALLED];

/**
 * The set-based stall evaluation of one tenant, as SQL. Every rule is one branch over the tenant's open
 * (non-closed) households (`open_h`, one pass joining the active coordinator and the plan); the branches are
 * UNION ALL-ed into `fired` (household, rule, figures), which is compared with the open `stalled_case` rows:
 * raise the new ones, update changed figures, clear the ones that stopped. One statement, one snapshot.
 *
 * Day arithmetic: calendar days in Europe/Amsterdam. `today` (a date parameter derived from Clock.now(), never
 * SQL now()) minus the local date of the event. A rule fires when that difference is strictly greater than the
 * threshold: `local_date(x) < today - threshold` ⇔ `today - local_date(x) > threshold`.
 */

/** Above this many changed households the queue is rebuilt in full rather than household by household. */
export const MAX_INCREMENTAL = 20_000;

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

const local = (expr: string) => `(${expr} AT TIME ZONE 'Europe/Amsterdam')::date`;

/**
 * How NO_CONTACT finds each household's last contact: `aggregate` hashes max(occurred_at) over the tenant's
 * contacts (cheapest while there are few per household), `probe` does one backward index probe per household on
 * ix_contact_household_occurred (cost independent of years of history). Same result either way.
 */
export interface EvaluationOptions {
  contactLookup: 'aggregate' | 'probe';
}

/** The read-only part: `open_h`, helper CTEs and `fired` (household, rule, figures). $1 tenant, $2 today. */
export function buildFiredCtes(tenantId: string, today: string, settings: RuleSetting[], options: EvaluationOptions): { ctes: string[]; params: unknown[] } {
  const params: unknown[] = [tenantId, today];
  const threshold = (days: number) => {
    params.push(days);
    return `$${params.length}::int`;
  };
  const ctes: string[] = [
    `open_h AS MATERIALIZED (
      SELECT h.id, h.registered_at, ${local('h.intake_started_at')} AS intake_on, ca.id IS NOT NULL AS assigned,
             p.id AS plan_id, ${local('p.updated_at')} AS plan_changed_on, p.review_date
        FROM household h
        LEFT JOIN coordinator_assignment ca ON ca.household_id = h.id AND ca.ended_at IS NULL
        LEFT JOIN plan p ON p.household_id = h.id
       WHERE h.tenant_id = $1 AND h.status <> 'closed'
    )`,
  ];
  const branches: string[] = [];
  for (const setting of settings.filter((s) => s.enabled)) {
    const t = threshold(setting.thresholdDays);
    branches.push(`(${BRANCHES[setting.rule](t, ctes, options)})`);
  }
  // every rule switched off: nothing fires (so whatever fired before is cleared); $2 is still typed here, because
  // PostgreSQL refuses a statement with a parameter it cannot infer a type for
  const fired = branches.length > 0 ? branches.join('\n      UNION ALL\n      ') : `SELECT NULL::uuid, NULL::varchar, NULL::jsonb WHERE $2::date IS NULL AND false`;
  ctes.push(`fired(household_id, rule, figures) AS MATERIALIZED (
      ${fired}
    )`);
  return { ctes, params };
}

/**
 * $1 tenant id, $2 today (date), the thresholds, and last now (timestamptz).
 *
 * `figures` hold stable references (local dates, counts, totals) rather than day counts, so they only change when
 * the facts change; days are computed when read (`figureDays`). A run therefore rewrites only the rows that
 * started, stopped or changed — the rest are confirmed without a write, which keeps 100,000 households under
 * two seconds. `fired` is compared with the open rows in one full join (`diff`).
 */
export function buildEvaluationSql(tenantId: string, today: string, now: Date, settings: RuleSetting[], options: EvaluationOptions = { contactLookup: 'probe' }): SqlStatement {
  const { ctes, params } = buildFiredCtes(tenantId, today, settings, options);
  params.push(now);
  const nowParam = `$${params.length}::timestamptz`;
  ctes.push(`diff AS MATERIALIZED (
      SELECT COALESCE(f.household_id, c.household_id) AS household_id, f.rule, f.figures, c.id AS case_id, f.household_id IS NULL AS gone
        FROM fired f
        FULL JOIN (SELECT id, household_id, rule, figures FROM stalled_case WHERE tenant_id = $1 AND cleared_at IS NULL) c
          ON c.household_id = f.household_id AND c.rule = f.rule
       WHERE c.id IS NULL OR f.household_id IS NULL OR c.figures IS DISTINCT FROM f.figures
    )`);
  ctes.push(`raised AS (
      INSERT INTO stalled_case (tenant_id, household_id, rule, since, figures, figures_changed_at)
      SELECT $1, d.household_id, d.rule, ${nowParam}, d.figures, ${nowParam} FROM diff d WHERE d.case_id IS NULL
      RETURNING 1
    )`);
  ctes.push(`changed AS (
      UPDATE stalled_case sc SET figures = d.figures, figures_changed_at = GREATEST(${nowParam}, sc.since)
        FROM diff d WHERE d.case_id = sc.id AND NOT d.gone
      RETURNING 1
    )`);
  ctes.push(`cleared AS (
      UPDATE stalled_case sc SET cleared_at = GREATEST(${nowParam}, sc.since)
        FROM diff d WHERE d.case_id = sc.id AND d.gone
      RETURNING 1
    )`);
  const sql = `WITH ${ctes.join(',\n    ')}
    SELECT (SELECT count(*) FROM open_h)::int AS households,
           (SELECT count(*) FROM fired)::int AS firing,
           (SELECT count(*) FROM changed)::int AS changed,
           (SELECT count(*) FROM raised)::int AS raised,
           (SELECT count(*) FROM cleared)::int AS cleared,
           (SELECT CASE WHEN count(DISTINCT household_id) > ${MAX_INCREMENTAL} THEN NULL
                        ELSE COALESCE(array_agg(DISTINCT household_id), '{}'::uuid[]) END FROM diff) AS touched`;
  return { sql, params };
}

type Branch = (threshold: string, ctes: string[], options: EvaluationOptions) => string;

const BRANCHES: Record<StallRule, Branch> = {
  /** Open household without an active assignment; vacant since the later of episode start and the last assignment's end. */
  NO_COORDINATOR: (t) => `
      SELECT v.id, 'NO_COORDINATOR'::varchar, jsonb_build_object('vacantSince', v.vacant_on)
        FROM (
          SELECT h.id, ${local(`COALESCE(GREATEST(
                   (SELECT e.started_at FROM household_episode e WHERE e.household_id = h.id AND e.ended_at IS NULL),
                   (SELECT max(ca.ended_at) FROM coordinator_assignment ca WHERE ca.household_id = h.id)), h.registered_at)`)} AS vacant_on
            FROM open_h h
           WHERE NOT h.assigned
           OFFSET 0
        ) v
       WHERE v.vacant_on < $2::date - ${t}`,

  NO_PLAN: (t) => `
      SELECT h.id, 'NO_PLAN'::varchar, jsonb_build_object('intakeStartedOn', h.intake_on)
        FROM open_h h
       WHERE h.plan_id IS NULL AND h.intake_on < $2::date - ${t}`,

  PLAN_NOT_UPDATED: (t) => `
      SELECT h.id, 'PLAN_NOT_UPDATED'::varchar, jsonb_build_object('lastChangedOn', h.plan_changed_on)
        FROM open_h h
       WHERE h.plan_changed_on < $2::date - ${t}`,

  /** Open or in-progress actions past due by more than N days: how many, and the oldest due date. */
  ACTIONS_OVERDUE: (t) => `
      SELECT h.id, 'ACTIONS_OVERDUE'::varchar, jsonb_build_object('count', a.n, 'oldestDueDate', a.oldest)
        FROM (SELECT plan_id, count(*) AS n, min(due_date) AS oldest FROM plan_action
               WHERE tenant_id = $1 AND status IN ('open', 'in_progress') AND due_date < $2::date - ${t}
               GROUP BY plan_id) a
        JOIN open_h h ON h.plan_id = a.plan_id`,

  /** Households whose intake started: days since the later of the last contact and the start of intake. */
  NO_CONTACT: (t, ctes, options) => {
    let lastContact = '(SELECT max(c.occurred_at) FROM contact c WHERE c.household_id = h.id)';
    let join = '';
    if (options.contactLookup === 'aggregate') {
      ctes.push(`nc_last AS MATERIALIZED (SELECT household_id, max(occurred_at) AS last_at FROM contact WHERE tenant_id = $1 GROUP BY household_id)`);
      lastContact = 'c.last_at';
      join = 'LEFT JOIN nc_last c ON c.household_id = h.id';
    }
    return `
      SELECT x.id, 'NO_CONTACT'::varchar, jsonb_build_object('lastContactOn', x.last_on, 'intakeStartedOn', x.intake_on)
        FROM (
          SELECT h.id, h.intake_on, ${local(lastContact)} AS last_on
            FROM open_h h ${join}
           WHERE h.intake_on < $2::date - ${t}
           OFFSET 0
        ) x
       WHERE x.last_on IS NULL OR x.last_on < $2::date - ${t}`;
  },

  REVIEW_OVERDUE: (t) => `
      SELECT h.id, 'REVIEW_OVERDUE'::varchar, jsonb_build_object('reviewDate', h.review_date)
        FROM open_h h
       WHERE h.review_date < $2::date - ${t}`,

  SIGNAL_UNANSWERED: (t) => `
      SELECT s.household_id, 'SIGNAL_UNANSWERED'::varchar, jsonb_build_object('count', count(*), 'oldestMatchedOn', min(${local('s.matched_at')}))
        FROM signal s JOIN open_h h ON h.id = s.household_id
       WHERE s.tenant_id = $1 AND s.matched_at IS NOT NULL AND s.acknowledged_at IS NULL AND ${local('s.matched_at')} < $2::date - ${t}
       GROUP BY s.household_id`,

  /**
   * Household-level assessments (member_id IS NULL). Latest = the newest by assessed_on (then created_at, id);
   * baseline = the newest assessed more than N days before the latest. Compared over the domains both scored:
   * fires when the latest sum is not higher than the baseline sum (lower scores are worse, 1–5).
   */
  NO_PROGRESS: (t, ctes) => {
    ctes.push(`np_assessment AS MATERIALIZED (
      SELECT a.id, a.household_id, a.assessed_on, a.created_at
        FROM assessment a JOIN open_h h ON h.id = a.household_id
       WHERE a.tenant_id = $1 AND a.member_id IS NULL
    )`);
    ctes.push(`np_latest AS (
      SELECT DISTINCT ON (household_id) id, household_id, assessed_on FROM np_assessment ORDER BY household_id, assessed_on DESC, created_at DESC, id DESC
    )`);
    ctes.push(`np_pair AS (
      SELECT DISTINCT ON (l.household_id) l.household_id, l.id AS latest_id, l.assessed_on AS latest_on, b.id AS base_id, b.assessed_on AS base_on
        FROM np_latest l JOIN np_assessment b ON b.household_id = l.household_id AND b.assessed_on < l.assessed_on - ${t}
       ORDER BY l.household_id, b.assessed_on DESC, b.created_at DESC, b.id DESC
    )`);
    return `
      SELECT x.household_id, 'NO_PROGRESS'::varchar,
             jsonb_build_object('baselineOn', x.base_on, 'latestOn', x.latest_on,
                                'baselineTotal', sum(bs.score), 'latestTotal', sum(ls.score), 'domains', count(*))
        FROM np_pair x
        JOIN assessment_score ls ON ls.assessment_id = x.latest_id
        JOIN assessment_score bs ON bs.assessment_id = x.base_id AND bs.domain_code = ls.domain_code
       GROUP BY x.household_id, x.latest_on, x.base_on
      HAVING sum(ls.score) <= sum(bs.score)`;
  },

  /** A proposed hand-over nobody accepted or declined for more than N days (the current coordinator stays accountable meanwhile). */
  HANDOVER_PENDING: (t) => `
      SELECT ho.household_id, 'HANDOVER_PENDING'::varchar, jsonb_build_object('proposedOn', ${local('ho.proposed_at')})
        FROM coordinator_handover ho JOIN open_h h ON h.id = ho.household_id
       WHERE ho.tenant_id = $1 AND ho.status = 'proposed' AND ${local('ho.proposed_at')} < $2::date - ${t}`,
};

const WEIGHTS = STALL_RULES.map((r) => `('${r}', ${STALL_RULE_DEFINITIONS[r].weight})`).join(', ');

/** Which households the queue sync looks at: all of the tenant, or some (and those whose snooze ran out). */
export type QueueScope =
  | { kind: 'all' }
  | { kind: 'households'; householdIds: string[]; snoozesChangedBetween?: [string, string] };

/**
 * Brings the review queue in line with the open `stalled_case` rows minus snoozed rules: inserts households
 * that entered the stalled state (→ `case.stalled`), updates those whose visible rules changed (→ `case.stalled` again
 * when a rule joined, with every rule that fires; none when one only cleared),
 * deletes those that left it (→ `case.unstalled`). $1 tenant, $2 today, $3 now, $4 actor (nullable).
 *
 * A household's visible rules change only when its `stalled_case` rows change (the evaluation's diff), when a
 * snooze is created (synced at once) or when a snooze starts or stops applying because the date moved (a snooze
 * with `until` between the previous run's date and today). So a run syncs just those households; the first run
 * of a tenant, or one that changed very many households, rebuilds the queue in full.
 */
export function buildQueueSyncSql(tenantId: string, today: string, now: Date, actorId: string | null, scope: QueueScope): SqlStatement {
  const params: unknown[] = [tenantId, today, now, actorId];
  let inScope = (_column: string) => 'true';
  let scopeCte = '';
  if (scope.kind === 'households') {
    params.push(scope.householdIds);
    const parts = [`SELECT unnest($5::uuid[]) AS household_id`];
    if (scope.snoozesChangedBetween) {
      params.push(...scope.snoozesChangedBetween);
      parts.push(`SELECT z.household_id FROM stall_snooze z WHERE z.tenant_id = $1 AND z.until >= LEAST($6::date, $7::date) AND z.until < GREATEST($6::date, $7::date)`);
    }
    scopeCte = `scope AS MATERIALIZED (${parts.join(' UNION ')}),`;
    inScope = (column) => `${column} IN (SELECT household_id FROM scope)`;
  }
  const sql = `
    WITH ${scopeCte}
    visible AS (
      SELECT sc.household_id, array_agg(sc.rule::varchar ORDER BY sc.rule) AS rules, sum(w.weight)::smallint AS severity
        FROM stalled_case sc
        JOIN (VALUES ${WEIGHTS}) AS w(rule, weight) ON w.rule = sc.rule
       WHERE sc.tenant_id = $1 AND sc.cleared_at IS NULL AND ${inScope('sc.household_id')}
         AND (sc.household_id, sc.rule) NOT IN (SELECT z.household_id, z.rule FROM stall_snooze z WHERE z.tenant_id = $1 AND z.until >= $2::date)
       GROUP BY sc.household_id
    ),
    diff AS MATERIALIZED (
      SELECT COALESCE(v.household_id, sh.household_id) AS household_id, v.rules, v.severity, sh.rules AS old_rules,
             sh.household_id IS NULL AS entered, v.household_id IS NULL AS gone
        FROM visible v
        FULL JOIN (SELECT household_id, rules FROM stalled_household WHERE tenant_id = $1 AND ${inScope('household_id')}) sh
          ON sh.household_id = v.household_id
       WHERE sh.household_id IS NULL OR v.household_id IS NULL OR sh.rules IS DISTINCT FROM v.rules::varchar[]
    ),
    entered AS (
      INSERT INTO stalled_household (household_id, tenant_id, rules, severity, stalled_since, updated_at)
      SELECT d.household_id, $1, d.rules, d.severity, $3, $3 FROM diff d WHERE d.entered
      RETURNING household_id, rules
    ),
    changed AS (
      UPDATE stalled_household sh SET rules = d.rules, severity = d.severity, updated_at = $3
        FROM diff d WHERE NOT d.entered AND NOT d.gone AND sh.household_id = d.household_id
      RETURNING sh.household_id, d.rules, d.old_rules
    ),
    gone AS (
      DELETE FROM stalled_household sh USING diff d
       WHERE d.gone AND sh.household_id = d.household_id
      RETURNING sh.household_id, sh.rules
    ),
    events AS (
      INSERT INTO outbox_event (tenant_id, type, aggregate_type, aggregate_id, household_id, actor_id, payload, occurred_at)
      SELECT $1, '${STALLED}', '${STALL_AGGREGATE}', e.household_id, e.household_id, $4::uuid, jsonb_build_object('${RULES_KEY}', to_jsonb(e.rules)), $3 FROM entered e
      UNION ALL
      -- a rule that joins is news for the coordinator as well: told again, with every rule that fires now
      SELECT $1, '${STALLED}', '${STALL_AGGREGATE}', c.household_id, c.household_id, $4::uuid, jsonb_build_object('${RULES_KEY}', to_jsonb(c.rules)), $3
        FROM changed c WHERE NOT (c.rules::varchar[] <@ c.old_rules)
      UNION ALL
      SELECT $1, '${UNSTALLED}', '${STALL_AGGREGATE}', g.household_id, g.household_id, $4::uuid, jsonb_build_object('${RULES_KEY}', to_jsonb(g.rules)), $3 FROM gone g
      RETURNING type
    )
    SELECT (SELECT count(*) FROM entered)::int AS entered,
           (SELECT count(*) FROM changed)::int AS changed,
           (SELECT count(*) FROM gone)::int AS left,
           (SELECT count(*) FROM events)::int AS events`;
  return { sql, params };
}
