import type { RecordCategory } from './erasure-report.js';

/** What replaces erased free text and names: says what happened, in the users' language. */
export const ERASED = '[gewist]';
/** The same where a reason must say something (an emergency access's reason is at least 20 characters). */
const ERASED_REASON = '[gewist: verzoek tot wissen, AVG art. 17]';

/**
 * The rows of each category that concern a subject, as SQL over `$1` household id and `$2` member id (null for the
 * whole household). `mentions(x)` is true when a jsonb column names the subject (the household id, or the member).
 * Shared by the preview's counts and the execution, so both look at exactly the same rows.
 */
const mentions = (column: string) => `(CASE WHEN $2::uuid IS NULL THEN ${column}::text LIKE '%' || $1::text || '%' ELSE ${column}::text LIKE '%' || $2::text || '%' END)`;

/**
 * A stored Idempotency-Key answer of the subject: one naming the household or the member — or, for the whole
 * household, one holding a signal matched to it (a signaller not involved is answered without the household's id,
 * but with the signal and its note; the signals go with the household).
 */
const answerOfSubject = `(${mentions('response_body')} OR ($2::uuid IS NULL AND EXISTS (SELECT 1 FROM signal s WHERE s.household_id = $1::uuid AND response_body::text LIKE '%' || s.id::text || '%')))`;

/** Outbox events of the subject: every event of the household, or those whose payload names the member. */
export const SUBJECT_EVENTS = `SELECT e.id FROM outbox_event e WHERE e.household_id = $1 AND ($2::uuid IS NULL OR e.payload::text LIKE '%' || $2::text || '%')`;

export const COUNT_SQL: Record<RecordCategory, string> = {
  household: `SELECT count(*)::int AS n FROM household WHERE id = $1`,
  members: `SELECT count(*)::int AS n FROM member WHERE household_id = $1 AND ($2::uuid IS NULL OR id = $2)`,
  bsn: `SELECT count(*)::int AS n FROM member WHERE household_id = $1 AND ($2::uuid IS NULL OR id = $2) AND bsn_hash IS NOT NULL`,
  plan: `SELECT CASE WHEN $2::uuid IS NULL THEN
             (SELECT count(*) FROM plan p WHERE p.household_id = $1)
           + (SELECT count(*) FROM plan_goal g JOIN plan p ON p.id = g.plan_id WHERE p.household_id = $1)
           + (SELECT count(*) FROM plan_action a JOIN plan p ON p.id = a.plan_id WHERE p.household_id = $1)
           + (SELECT count(*) FROM plan_network_member n JOIN plan p ON p.id = n.plan_id WHERE p.household_id = $1)
           + (SELECT count(*) FROM plan_community_resource c JOIN plan p ON p.id = c.plan_id WHERE p.household_id = $1)
           + (SELECT count(*) FROM plan_revision r JOIN plan p ON p.id = r.plan_id WHERE p.household_id = $1)
         ELSE (SELECT count(*) FROM plan_action a WHERE a.owner_member_id = $2) END::int AS n`,
  contacts: `SELECT CASE WHEN $2::uuid IS NULL THEN (SELECT count(*) FROM contact WHERE household_id = $1)
                    ELSE (SELECT count(*) FROM contact_member WHERE member_id = $2) END::int AS n`,
  assessments: `SELECT count(*)::int AS n FROM assessment WHERE household_id = $1 AND ($2::uuid IS NULL OR member_id = $2)`,
  escalations: `SELECT count(*)::int AS n FROM escalation WHERE household_id = $1`,
  signals: `SELECT count(*)::int AS n FROM signal WHERE household_id = $1`,
  inbox: `SELECT count(*)::int AS n FROM notification WHERE event_id IN (${SUBJECT_EVENTS}) OR (household_id = $1 AND ${mentions('payload')})`,
  webhook_deliveries: `SELECT count(*)::int AS n FROM webhook_delivery WHERE event_id IN (${SUBJECT_EVENTS})`,
  emails: `SELECT count(*)::int AS n FROM notification WHERE emailed_at IS NOT NULL AND (event_id IN (${SUBJECT_EVENTS}) OR (household_id = $1 AND ${mentions('payload')}))`,
  idempotency_records: `SELECT count(*)::int AS n FROM idempotency_record WHERE response_body IS NOT NULL AND ${answerOfSubject}`,
  outbox_events: `SELECT count(*)::int AS n FROM (${SUBJECT_EVENTS}) s`,
  audit_events: `SELECT count(*)::int AS n FROM audit_event WHERE household_id = $1 AND ($2::uuid IS NULL OR $2 = ANY(member_ids))`,
};

/**
 * The statements that erase or pseudonymise one category, in the order execution runs them (what points at
 * something goes before what it points at). Each returns the rows it touched. Household-only statements are
 * skipped for a member (their category is kept by the rules anyway).
 */
export const ERASE_SQL: Array<{ category: RecordCategory; sql: string }> = [
  { category: 'webhook_deliveries', sql: `DELETE FROM webhook_delivery WHERE event_id IN (${SUBJECT_EVENTS}) RETURNING id` },
  // e-mails are the notifications that were also mailed: counted apart, deleted with the inbox
  { category: 'inbox', sql: `DELETE FROM notification WHERE event_id IN (${SUBJECT_EVENTS}) OR (household_id = $1 AND ${mentions('payload')}) RETURNING id, emailed_at IS NOT NULL AS emailed` },
  { category: 'idempotency_records', sql: `DELETE FROM idempotency_record WHERE response_body IS NOT NULL AND ${answerOfSubject} RETURNING key` },
  {
    category: 'outbox_events',
    sql: `DELETE FROM outbox_event e WHERE e.id IN (${SUBJECT_EVENTS})
            AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.event_id = e.id) AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = e.id) RETURNING e.id`,
  },
  {
    category: 'signals',
    // signal_match rows stay: ids only, and the household row they point at stays (pseudonymised)
    sql: `DELETE FROM signal WHERE household_id = $1 AND $2::uuid IS NULL RETURNING id`,
  },
  { category: 'escalations', sql: `DELETE FROM escalation WHERE household_id = $1 AND $2::uuid IS NULL RETURNING id` },
  { category: 'assessments', sql: `DELETE FROM assessment WHERE household_id = $1 AND ($2::uuid IS NULL OR member_id = $2) RETURNING id` },
  {
    category: 'contacts',
    sql: `WITH c AS (DELETE FROM contact WHERE household_id = $1 AND $2::uuid IS NULL RETURNING id),
               m AS (DELETE FROM contact_member WHERE member_id = $2 RETURNING contact_id)
          SELECT id FROM c UNION ALL SELECT contact_id FROM m`,
  },
  {
    category: 'plan',
    sql: `WITH p AS (SELECT id FROM plan WHERE household_id = $1 AND $2::uuid IS NULL),
               plans AS (UPDATE plan SET family_wishes = '${ERASED}', family_strengths = '${ERASED}' WHERE id IN (SELECT id FROM p) RETURNING id),
               goals AS (UPDATE plan_goal SET title = '${ERASED}', description = NULL WHERE plan_id IN (SELECT id FROM p) RETURNING id),
               actions AS (UPDATE plan_action SET description = '${ERASED}' WHERE plan_id IN (SELECT id FROM p) RETURNING id),
               network AS (UPDATE plan_network_member SET name = '${ERASED}', relation = '${ERASED}', support = NULL WHERE plan_id IN (SELECT id FROM p) RETURNING id),
               resources AS (UPDATE plan_community_resource SET name = '${ERASED}', kind = CASE WHEN kind IS NULL THEN NULL ELSE '${ERASED}' END, note = NULL WHERE plan_id IN (SELECT id FROM p) RETURNING id),
               revisions AS (UPDATE plan_revision SET snapshot = '{"erased": true}'::jsonb, changes = '[]'::jsonb WHERE plan_id IN (SELECT id FROM p) RETURNING id)
          SELECT id FROM plans UNION ALL SELECT id FROM goals UNION ALL SELECT id FROM actions UNION ALL SELECT id FROM network
          UNION ALL SELECT id FROM resources UNION ALL SELECT id FROM revisions`,
  },
  // the BSN goes with the member row (one UPDATE); its count is taken before
  {
    category: 'members',
    // a consent given for one member names them in its purpose (a treatment): pseudonymised with them (the whole
    // household's consents go with the household below)
    sql: `WITH m AS (UPDATE member SET given_name = '${ERASED}', family_name = '${ERASED}', date_of_birth = DATE '1900-01-01',
                 birth_date_hash = encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex'),
                 bsn_ciphertext = NULL, bsn_key_id = NULL, bsn_hash = NULL, removed_at = COALESCE(removed_at, now())
           WHERE household_id = $1 AND ($2::uuid IS NULL OR id = $2) RETURNING id),
               consents AS (UPDATE consent SET purpose = '${ERASED}', withdrawal_reason = CASE WHEN withdrawal_reason IS NULL THEN NULL ELSE '${ERASED}' END
                             WHERE $2::uuid IS NOT NULL AND household_id = $1 AND member_id = $2)
          SELECT id FROM m`,
  },
  {
    category: 'household',
    // the district stays: a named area of many households, and the unit of the published figures, which keep counting
    // the case — erased, it formed a district of its own and told, between two reports, where the family lived (stop 42)
    sql: `WITH h AS (UPDATE household SET postcode = '9999ZZ', house_number = 1, house_number_suffix = NULL,
                        address_hash = encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex'), registration_reason = '${ERASED}'
                    WHERE id = $1 AND $2::uuid IS NULL RETURNING id),
               episodes AS (UPDATE household_episode SET close_reason = CASE WHEN close_reason IS NULL THEN NULL ELSE '${ERASED}' END,
                                   reopen_reason = CASE WHEN reopen_reason IS NULL THEN NULL ELSE '${ERASED}' END WHERE household_id IN (SELECT id FROM h)),
               assignments AS (UPDATE coordinator_assignment SET reason = '${ERASED}', end_reason = CASE WHEN end_reason IS NULL THEN NULL ELSE '${ERASED}' END WHERE household_id IN (SELECT id FROM h)),
               handovers AS (UPDATE coordinator_handover SET reason = '${ERASED}', decline_reason = CASE WHEN decline_reason IS NULL THEN NULL ELSE '${ERASED}' END WHERE household_id IN (SELECT id FROM h)),
               links AS (UPDATE care_team_link SET role = '${ERASED}', end_reason = CASE WHEN end_reason IS NULL THEN NULL ELSE '${ERASED}' END WHERE household_id IN (SELECT id FROM h)),
               consents AS (UPDATE consent SET purpose = '${ERASED}', withdrawal_reason = CASE WHEN withdrawal_reason IS NULL THEN NULL ELSE '${ERASED}' END WHERE household_id IN (SELECT id FROM h)),
               snoozes AS (UPDATE stall_snooze SET reason = '${ERASED}' WHERE household_id IN (SELECT id FROM h)),
               -- the grants stay as the record that someone looked (NEN 7513); why, and what the review found, name the family
               emergency AS (UPDATE emergency_access SET reason = '${ERASED_REASON}', review_note = CASE WHEN review_note IS NULL THEN NULL ELSE '${ERASED}' END WHERE household_id IN (SELECT id FROM h))
          SELECT id FROM h`,
  },
];
