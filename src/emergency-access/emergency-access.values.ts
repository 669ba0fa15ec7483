/**
 * Break-the-glass (NEN 7513): the fixed numbers and the pure rules of an emergency access grant, shared by the
 * entity's checks, the DTO validators, the service and the unit tests.
 */

/** How long a grant lasts when the municipality's privacy officer set nothing. */
export const DEFAULT_EMERGENCY_MINUTES = 240;
/** The bounds a municipality may choose from: at least a quarter of an hour, at most half a day. */
export const MIN_EMERGENCY_MINUTES = 15;
export const MAX_EMERGENCY_MINUTES = 720;

/** A reason must say something: at least this many characters (after trimming), at most 1,000. */
export const MIN_REASON_LENGTH = 20;
export const MAX_REASON_LENGTH = 1000;
export const MAX_REVIEW_NOTE_LENGTH = 2000;

export const REVIEW_OUTCOMES = ['justified', 'unjustified'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export const GRANT_STATES = ['active', 'ended', 'expired'] as const;
export type GrantState = (typeof GRANT_STATES)[number];

/** The moment a grant given at `grantedAt` for `minutes` stops (exclusive: at `expiresAt` it no longer counts). */
export function expiryOf(grantedAt: Date, minutes: number): Date {
  return new Date(grantedAt.getTime() + minutes * 60_000);
}

/**
 * The state of a grant at `now` — the same rule as the SQL predicate (src/access/emergency-access.predicate.ts):
 * active from `grantedAt` up to but not including `expiresAt`, unless ended early.
 */
export function grantStateAt(grant: { grantedAt: Date; expiresAt: Date; endedAt: Date | null }, now: Date): GrantState {
  if (grant.endedAt !== null) return 'ended';
  if (now.getTime() >= grant.expiresAt.getTime()) return 'expired';
  return 'active';
}

/** A duration a municipality may set: a whole number of minutes within the bounds. */
export function isAllowedDuration(minutes: number): boolean {
  return Number.isInteger(minutes) && minutes >= MIN_EMERGENCY_MINUTES && minutes <= MAX_EMERGENCY_MINUTES;
}
