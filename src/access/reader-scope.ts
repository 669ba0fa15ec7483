/**
 * Purpose limitation (issue 13, item 5): what of a household's case data a reader may see.
 *
 * Case data carries its category — the life domain(s) of goals, actions and scores; the member(s) it concerns; BSN;
 * contact notes. A partner's care-team link, and the consent it rests on, each name what they cover (a *fence*);
 * a link opens an item when every fence of it covers the item, and a reader sees an item when one of their links
 * opens it. Coordinators, supervisors (and admins), intake coordinators of a vacant case — and, later, emergency
 * access — see the whole case: `full`.
 *
 * `scopeCovers` is the TypeScript twin of the SQL function `eenplan_scope_covers` (migration 1764600200000); the
 * integration test `test/integration/reader-scope.int-spec.ts` holds the two equal over generated inputs.
 */

/** Why a reader sees the whole case. `emergency` is the break-the-glass grant (issue 13, item 6). */
export type FullScopeGround = 'coordinator' | 'tenant_role' | 'intake' | 'emergency';

/** What one link or one consent covers. `null` lists cover everything of their kind. */
export interface ScopeFence {
  domains: string[] | null;
  memberIds: string[] | null;
  bsn: boolean;
  contactNotes: boolean;
}

/** One standing link of the reader: its own fence and that of the consent it rests on. */
export interface ScopeGrant {
  linkId: string;
  fences: ScopeFence[];
}

export type ReaderScope = { full: true; ground: FullScopeGround } | { full: false; grants: ScopeGrant[] };

export const FULL_SCOPE = (ground: FullScopeGround): ReaderScope => ({ full: true, ground });

/**
 * What a piece of case data is about. Leave a dimension out when the item has none:
 * - `domains`: the life domains it concerns (a goal: one; an assessment: its scored domains); covered when one of
 *   them is; an empty list means "no particular domain" (e.g. a change of the family's own words).
 * - `memberIds`: the members it concerns; covered only when every one of them is; an empty list means the household
 *   as a whole, which only a reader of the whole household sees.
 * - `category`: `bsn` or `contact_notes` when it is one of those (`contact_notes`: free-text case notes — contact
 *   moments, and escalations with their reasons and outcomes).
 */
export interface CaseItem {
  domains?: readonly string[] | null;
  memberIds?: readonly string[] | null;
  category?: 'bsn' | 'contact_notes' | null;
}

export function fenceCovers(fence: ScopeFence, item: CaseItem): boolean {
  const domains = item.domains;
  const domainOk = domains === undefined || domains === null || domains.length === 0 || fence.domains === null || domains.some((d) => fence.domains!.includes(d));
  const members = item.memberIds;
  const memberOk = members === undefined || members === null || fence.memberIds === null || (members.length > 0 && members.every((m) => fence.memberIds!.includes(m)));
  const categoryOk = (item.category !== 'bsn' || fence.bsn) && (item.category !== 'contact_notes' || fence.contactNotes);
  return domainOk && memberOk && categoryOk;
}

/** THE predicate in TypeScript: does the reader's scope open this item? */
export function scopeCovers(scope: ReaderScope, item: CaseItem): boolean {
  if (scope.full) return true;
  return scope.grants.some((g) => g.fences.every((f) => fenceCovers(f, item)));
}

/**
 * The members a scope opens, for the audit trail's "members concerned": null when it opens the household as a whole
 * (the whole case, or a link none of whose fences names members); otherwise the members every fence of one of the
 * links names. What a narrowed reader saw of the household, they saw of these members only.
 */
export function membersOpened(scope: ReaderScope): string[] | null {
  if (scope.full || scopeCovers(scope, { memberIds: [] })) return null;
  const opened = new Set<string>();
  for (const grant of scope.grants) {
    const lists = grant.fences.map((f) => f.memberIds).filter((ids): ids is string[] => ids !== null);
    for (const id of lists[0] ?? []) if (lists.every((ids) => ids.includes(id))) opened.add(id);
  }
  return [...opened].sort();
}

/** Narrowed to a set of domains? For readers that must leave out parts of an item (scores of an assessment). */
export function coveredDomains<T extends string>(scope: ReaderScope, domains: readonly T[], memberIds?: readonly string[] | null): T[] {
  return domains.filter((d) => scopeCovers(scope, { domains: [d], memberIds }));
}

/**
 * Free text about the household as a whole — why it was registered, closed or reopened, why a care-team link ended, why
 * a consent was withdrawn — is a case note of every member and of no life domain in particular: it may name any of
 * them (a report of debts, of a child's absence). So it is "an unknown domain" (`''`, no life domain's code, as for
 * signals in event-case-item.sql.ts) of the whole household: seen by a reader whose scope opens contact notes of
 * every member and every domain (coordinators, supervisors, a partner of the whole case), by no narrowed partner.
 */
export const HOUSEHOLD_NOTE: CaseItem = { category: 'contact_notes', memberIds: [], domains: [''] };

/** A member of the household (its row, its name): covered when the reader may see that member. */
export const memberItem = (memberId: string): CaseItem => ({ memberIds: [memberId] });

/**
 * The fence of a consent: its domains, and its member when it was given for one. A consent for some life domains does
 * not open contact notes: their free text may be about any domain (a conversation about the neighbours, about who
 * minds the children), and a family that consented for housing did not consent to that (an outside probe read every
 * note of the member). A consent for every domain opens them as far as the link does.
 */
export function consentFence(consent: { scopeDomains: string[] | null; memberId: string | null }): ScopeFence {
  return { domains: consent.scopeDomains, memberIds: consent.memberId ? [consent.memberId] : null, bsn: true, contactNotes: consent.scopeDomains === null };
}
