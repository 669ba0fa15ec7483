/**
 * Pure matching rules of signals, kept apart from the database so they can be tested exhaustively.
 * Everything here works on keyed hashes (HMAC), never on clear text.
 */

export interface MatchKeys {
  birthDateHash: string;
  bsnHash: string | null;
}

export interface MemberCandidate extends MatchKeys {
  householdId: string;
}

/**
 * A member is the signal's person when, if both sides have a BSN, the BSNs agree (a typo in the date of birth
 * does not prevent the match; twins at one address with different BSNs are told apart); otherwise when the
 * dates of birth agree. A BSN mismatch is no match even with the same date of birth.
 */
export function memberMatches(signal: MatchKeys, member: MatchKeys): boolean {
  if (signal.bsnHash !== null && member.bsnHash !== null) return signal.bsnHash === member.bsnHash;
  return signal.birthDateHash === member.birthDateHash;
}

export type HouseholdMatch = { kind: 'none' } | { kind: 'one'; householdId: string } | { kind: 'ambiguous'; householdIds: string[] };

/**
 * The household a signal belongs to, from the members of the non-closed households at its address. More than
 * one household with a matching member is ambiguous: the signal is not linked and waits for the intake team,
 * because linking the wrong family would disclose involvement to the wrong people.
 */
export function pickHousehold(signal: MatchKeys, candidates: MemberCandidate[]): HouseholdMatch {
  const ids = [...new Set(candidates.filter((m) => memberMatches(signal, m)).map((m) => m.householdId))].sort();
  if (ids.length === 0) return { kind: 'none' };
  if (ids.length === 1) return { kind: 'one', householdId: ids[0]! };
  return { kind: 'ambiguous', householdIds: ids };
}

/** Years added in UTC; 29 February plus whole years without a leap day lands on 1 March. */
export function addYears(at: Date, years: number): Date {
  const result = new Date(at.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + years);
  return result;
}

export const ACTIVE_YEARS = 2;
export const RETAIN_YEARS = 5;

/** A signal takes part in matching for two years and is kept (for the record) for five. */
export function retentionDates(createdAt: Date): { activeUntil: Date; retainUntil: Date } {
  return { activeUntil: addYears(createdAt, ACTIVE_YEARS), retainUntil: addYears(createdAt, RETAIN_YEARS) };
}

export interface EpisodeSignal {
  id: string;
  organisationId: string;
  signalledById: string;
  matchId: string | null;
}

export type MatchDecision =
  | { kind: 'none' }
  /** Two or more organisations for the first time in this episode: a new match with all of them. */
  | { kind: 'new'; signalIds: string[]; organisationIds: string[]; signallerIds: string[] }
  /** The match exists; the new signal joins it. `newOrganisation`: its organisation was not in it yet (→ event). */
  | { kind: 'join'; newOrganisation: boolean };

/**
 * What a new signal does to the household's match of the current episode. `active` are the episode's active
 * signals including the new one; `matchOrganisationIds` is null when there is no match yet.
 */
export function decideMatch(newSignal: EpisodeSignal, active: EpisodeSignal[], matchOrganisationIds: string[] | null): MatchDecision {
  if (matchOrganisationIds !== null) return { kind: 'join', newOrganisation: !matchOrganisationIds.includes(newSignal.organisationId) };
  const organisationIds = unique(active.map((s) => s.organisationId));
  if (organisationIds.length < 2) return { kind: 'none' };
  return { kind: 'new', signalIds: active.map((s) => s.id), organisationIds, signallerIds: unique(active.map((s) => s.signalledById)) };
}

const unique = (values: string[]) => [...new Set(values)];

/** A signal that waits for its household: not linked yet, still active. */
export interface WaitingSignal extends MatchKeys {
  id: string;
  organisationId: string;
  signalledById: string;
}

/**
 * Which waiting signals belong to `householdId` now that it became findable (registered, a member added, a date
 * of birth, BSN or address changed, reopened). `candidates` are the members of every non-closed household at the
 * signals' address, so the rule is the one a new signal meets (`pickHousehold`): a signal that matches members of
 * two households stays waiting for the intake team, and one that belongs to another household is not taken.
 */
export function signalsToLink<S extends MatchKeys & { id: string }>(householdId: string, waiting: S[], candidates: MemberCandidate[]): S[] {
  return waiting.filter((s) => {
    const pick = pickHousehold(s, candidates);
    return pick.kind === 'one' && pick.householdId === householdId;
  });
}

export interface IntakeSignal {
  id: string;
  organisationId: string;
}

export type IntakeDecision =
  | { kind: 'none' }
  /** Two or more organisations about one unregistered family: a new intake item with these signals. */
  | { kind: 'open'; signalIds: string[]; organisationIds: string[] }
  /** The family's item is open; the new signal joins it. `newOrganisation`: its organisation is new to the item. */
  | { kind: 'join'; newOrganisation: boolean };

/**
 * What a new waiting signal does for its family's intake item. `unassigned` are the family's waiting signals in no
 * item yet (including the new one); `openItemOrganisationIds` is null when no item is open. One organisation,
 * however often it signals, makes no item: the intake list already shows its signals.
 */
export function decideIntake(newSignal: IntakeSignal, unassigned: IntakeSignal[], openItemOrganisationIds: string[] | null): IntakeDecision {
  if (openItemOrganisationIds !== null) return { kind: 'join', newOrganisation: !openItemOrganisationIds.includes(newSignal.organisationId) };
  const all = unassigned.some((s) => s.id === newSignal.id) ? unassigned : [...unassigned, newSignal];
  const organisationIds = unique(all.map((s) => s.organisationId));
  if (organisationIds.length < 2) return { kind: 'none' };
  return { kind: 'open', signalIds: all.map((s) => s.id), organisationIds };
}

/** An item is resolved by registration once every one of its signals is linked to a household. */
export function resolvedByRegistration(itemSignals: Array<{ householdId: string | null }>): boolean {
  return itemSignals.length > 0 && itemSignals.every((s) => s.householdId !== null);
}
