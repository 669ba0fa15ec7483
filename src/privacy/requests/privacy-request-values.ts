/** AVG art. 17 (erasure, "recht op vergetelheid") or art. 18 (restriction of processing). */
export const PRIVACY_REQUEST_KINDS = ['erasure', 'restriction'] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];

/**
 * The life of a request. Both kinds: recorded → approved | rejected (four eyes). Erasure: approved → executed.
 * Restriction: approved → active (applied) → lifted. The database refuses every other step (trigger
 * `privacy_request_transition`), the service says so first with a 409.
 */
export const PRIVACY_REQUEST_STATUSES = ['recorded', 'approved', 'rejected', 'executed', 'active', 'lifted'] as const;
export type PrivacyRequestStatus = (typeof PRIVACY_REQUEST_STATUSES)[number];

/** Every allowed step, per kind: the one table the service and the migration's trigger are written from. */
export const PRIVACY_REQUEST_TRANSITIONS: Record<PrivacyRequestKind, ReadonlyArray<readonly [PrivacyRequestStatus, PrivacyRequestStatus]>> = {
  erasure: [
    ['recorded', 'approved'],
    ['recorded', 'rejected'],
    ['approved', 'executed'],
  ],
  restriction: [
    ['recorded', 'approved'],
    ['recorded', 'rejected'],
    ['approved', 'active'],
    ['active', 'lifted'],
  ],
};

export const canMove = (kind: PrivacyRequestKind, from: PrivacyRequestStatus, to: PrivacyRequestStatus): boolean =>
  PRIVACY_REQUEST_TRANSITIONS[kind].some(([a, b]) => a === from && b === to);

/** A restriction that is recorded, approved or active stands in the way of another one for the same subject. */
export const OPEN_RESTRICTION_STATUSES = ['recorded', 'approved', 'active'] as const;
