import type { Text } from '../../common/language.js';

/**
 * The record categories an erasure request looks at, in the order the preview and the report list them. The same
 * vocabulary as the retention schedule (issue 13 item 1), so an FG reads one list.
 */
export const RECORD_CATEGORIES = [
  'household',
  'members',
  'bsn',
  'plan',
  'contacts',
  'assessments',
  'escalations',
  'signals',
  'inbox',
  'webhook_deliveries',
  'emails',
  'idempotency_records',
  'outbox_events',
  'audit_events',
] as const;
export type RecordCategory = (typeof RECORD_CATEGORIES)[number];

/**
 * What happens to a category: `erase` deletes the rows, `pseudonymise` keeps the row (others point at it) but
 * replaces everything that identifies a person, `keep` leaves it as it is, for the reason given; `freeze` (a
 * restriction) keeps it readable but refuses changes and keeps it out of webhooks.
 */
export const DISPOSITIONS = ['erase', 'pseudonymise', 'keep', 'freeze'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Why a category is kept: the codes the rules use, each with its bilingual explanation. */
export const KEEP_GROUNDS = ['legal_hold', 'open_case_file', 'audit_evidence', 'household_context'] as const;
export type KeepGround = (typeof KEEP_GROUNDS)[number];

export interface CategoryDecision {
  category: RecordCategory;
  /** Rows of this category that concern the subject. */
  count: number;
  disposition: Disposition;
  /** Set when kept: the rule that keeps it. */
  keptBecause: KeepGround | null;
  reason: Text;
}

/** Per category, after execution: what was done and how many rows it touched. */
export interface CategoryOutcome extends CategoryDecision {
  /** Rows deleted or pseudonymised (0 for `keep`). */
  affected: number;
}

/** Stored on the request after execution and served by `GET /privacy/requests/{id}/report`; ids, counts, codes only. */
export interface ErasureReport {
  requestId: string;
  householdId: string;
  memberId: string | null;
  requestedById: string;
  approvedById: string;
  executedById: string;
  startedAt: string;
  finishedAt: string;
  categories: CategoryOutcome[];
}
