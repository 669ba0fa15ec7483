/**
 * Every table that holds part of a household's case, in the order the case-file purge deletes from them (children
 * before parents; ON DELETE CASCADE children are named by their parent). The integration test compares this with
 * the foreign keys in the database: a new table that references `household` must be added here (and to
 * CASE_FILE_STATEMENTS), or the test fails — a purge that stops at a foreign key would leave the case half gone.
 */
export const CASE_FILE_TABLES_REFERENCING_HOUSEHOLD = [
  'plan',
  'action_overdue_notice',
  'assessment',
  'contact',
  'care_team_link',
  'consent',
  'escalation',
  'coordinator_handover',
  'coordinator_assignment',
  'household_coordination',
  'household_episode',
  'stall_snooze',
  'stalled_case',
  'stalled_household',
  'signal',
  'signal_match',
  'signal_intake_item',
  'legal_hold',
  'emergency_access',
  'member',
] as const;

/**
 * Tables whose rows keep their case: the purge never takes a household that has a row in one (they reference the
 * household, and the member, but are not part of the case file). `privacy_request`: an AVG art. 17/18 request is the
 * evidence of how it was handled; it has a retention category of its own (`privacy_requests`, from its completion),
 * and its case is kept while any request of it is open or within that period — once the engine has deleted the
 * expired ones, the case may go. The integration test counts them with the purged tables.
 */
export const CASE_KEEPING_TABLES = ['privacy_request'] as const;

/** `$1` tenant, `$2` the households (uuid[]) being purged, all past their period and not held. */
const OF = `tenant_id = $1 AND household_id = ANY($2::uuid[])`;
const PLANS = `SELECT id FROM plan WHERE ${OF}`;
const EVENTS = `SELECT id FROM outbox_event WHERE ${OF}`;
const MATCHES = `SELECT id FROM signal_match WHERE ${OF}`;

/**
 * The statements that delete a batch of case files whole, in one transaction. Plan revisions are append-only; the
 * worker marks the plans (`plan_revision_erasure`) so the trigger lets their revisions go, and removes the marks
 * again. Lifted legal holds go with the case; an active one cannot (trigger), so a held case can never be purged.
 */
export const CASE_FILE_STATEMENTS: readonly string[] = [
  `INSERT INTO plan_revision_erasure (tenant_id, plan_id) SELECT tenant_id, id FROM plan WHERE ${OF} ON CONFLICT DO NOTHING`,
  `DELETE FROM plan_revision WHERE tenant_id = $1 AND plan_id IN (${PLANS})`,
  `DELETE FROM plan_revision_erasure WHERE tenant_id = $1 AND plan_id IN (${PLANS})`,
  // goals, actions (and their overdue notices), network members and community resources cascade
  `DELETE FROM plan WHERE ${OF}`,
  `DELETE FROM action_overdue_notice WHERE ${OF}`,
  `DELETE FROM assessment WHERE ${OF}`,
  `DELETE FROM contact WHERE ${OF}`,
  `DELETE FROM care_team_link WHERE ${OF}`,
  `DELETE FROM consent WHERE ${OF}`,
  `DELETE FROM escalation WHERE ${OF}`,
  `DELETE FROM coordinator_handover WHERE ${OF}`,
  `DELETE FROM coordinator_assignment WHERE ${OF}`,
  `DELETE FROM household_coordination WHERE ${OF}`,
  `DELETE FROM household_episode WHERE ${OF}`,
  `DELETE FROM stall_snooze WHERE ${OF}`,
  `DELETE FROM stalled_case WHERE ${OF}`,
  `DELETE FROM stalled_household WHERE ${OF}`,
  // the signals matched to the case (their intake-item links cascade), the matches, the intake items
  `DELETE FROM signal WHERE tenant_id = $1 AND (household_id = ANY($2::uuid[]) OR match_id IN (${MATCHES}))`,
  `DELETE FROM signal_match_organisation WHERE tenant_id = $1 AND match_id IN (${MATCHES})`,
  `DELETE FROM signal_match WHERE ${OF}`,
  `DELETE FROM signal_intake_item WHERE ${OF}`,
  // the case history (domain events, the timeline) and what was delivered about it; webhook attempts cascade
  `DELETE FROM webhook_delivery WHERE tenant_id = $1 AND event_id IN (${EVENTS})`,
  `DELETE FROM notification WHERE tenant_id = $1 AND (household_id = ANY($2::uuid[]) OR event_id IN (${EVENTS}))`,
  `DELETE FROM outbox_event WHERE ${OF}`,
  `DELETE FROM legal_hold WHERE ${OF}`,
  // break-the-glass grants concern this case only (their review went with its period)
  `DELETE FROM emergency_access WHERE ${OF}`,
  `DELETE FROM member WHERE ${OF}`,
  `DELETE FROM household WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
];
