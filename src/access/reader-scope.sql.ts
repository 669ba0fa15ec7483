import type { CaseItem } from './reader-scope.js';

/**
 * The SQL side of purpose limitation: the same rule as `scopeCovers` (reader-scope.ts), through the database
 * function `eenplan_scope_covers`. Every argument is an SQL expression, so the fragment composes into larger
 * statements (visibility, recipients of an event, the timeline) without a round trip of its own.
 */
export interface SqlCaseItem {
  /** `varchar[]` expression, or omitted: the item has no domain. */
  domains?: string;
  /** `uuid[]` expression, or omitted: the item concerns no member in particular. */
  memberIds?: string;
  /** `varchar` expression (`'bsn'`, `'contact_notes'`), or omitted. */
  category?: string;
}

const args = (item: SqlCaseItem) =>
  `${item.domains ?? 'NULL::varchar[]'}, ${item.memberIds ?? 'NULL::uuid[]'}, ${item.category ?? 'NULL::varchar'}`;

/**
 * The care-team link with alias `ct` opens the item: its own scope covers it, and so does the scope of the consent
 * it rests on (a consent given for one member opens only that member; one for some domains no contact notes — see
 * `consentFence`).
 */
export function linkCoversItem(ct: string, item: SqlCaseItem, cs = 'scs'): string {
  return (
    `eenplan_scope_covers(${ct}.scope_domains, ${ct}.scope_member_ids, ${ct}.scope_bsn, ${ct}.scope_contact_notes, ${args(item)})` +
    ` AND COALESCE((SELECT eenplan_scope_covers(${cs}.scope_domains, CASE WHEN ${cs}.member_id IS NULL THEN NULL ELSE ARRAY[${cs}.member_id] END, true, ${cs}.scope_domains IS NULL, ${args(item)})` +
    ` FROM consent ${cs} WHERE ${cs}.id = ${ct}.consent_id), true)`
  );
}

/** A literal case item as SQL (for tests and for items known in the application). */
export function sqlItem(item: CaseItem, param: (value: unknown) => string): SqlCaseItem {
  return {
    ...(item.domains !== undefined && item.domains !== null && { domains: `${param([...item.domains])}::varchar[]` }),
    ...(item.memberIds !== undefined && item.memberIds !== null && { memberIds: `${param([...item.memberIds])}::uuid[]` }),
    ...(item.category !== undefined && item.category !== null && { category: `${param(item.category)}::varchar` }),
  };
}
