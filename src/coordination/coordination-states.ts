/** SPEC (second round) "Coordination states": exactly one accountable coordinator or an explicit vacancy. */
export const COORDINATION_STATES = ['assigned', 'handover_proposed', 'vacant'] as const;
export type CoordinationState = (typeof COORDINATION_STATES)[number];

/**
 * Why a household has no coordinator: never had one yet (new registration), the coordinator stepped down, was
 * deactivated, the household is closed, or it was closed and reopened (a new episode starts without coordinator).
 */
export const VACANCY_REASONS = ['not_yet_assigned', 'stepped_down', 'deactivated', 'closed', 'reopened'] as const;
export type VacancyReason = (typeof VACANCY_REASONS)[number];

/** How an assignment ended (stored on it; the vacancy's reason is derived from it). */
export const ASSIGNMENT_END_KINDS = ['handed_over', 'stepped_down', 'deactivated', 'closed'] as const;
export type AssignmentEndKind = (typeof ASSIGNMENT_END_KINDS)[number];

export const HANDOVER_STATUSES = ['proposed', 'accepted', 'declined', 'withdrawn'] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];

/** The longest overlap a hand-over may have, in days. */
export const MAX_OVERLAP_DAYS = 90;

export const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
