export const INTAKE_ITEM_STATUSES = ['open', 'closed'] as const;
export type IntakeItemStatus = (typeof INTAKE_ITEM_STATUSES)[number];

/**
 * Why an intake item closed. `registered`: every one of its signals was linked to a household (set by the
 * re-match, never sent). The others are the intake team's answer when it closes the item itself:
 * `handled` (contacted the organisations, picked it up), `no_action` (nothing to do), `not_same_family` (the
 * signals share an address but are not about one family).
 */
export const INTAKE_CLOSE_OUTCOMES = ['handled', 'no_action', 'not_same_family'] as const;
export type IntakeCloseOutcome = (typeof INTAKE_CLOSE_OUTCOMES)[number];
export const INTAKE_OUTCOMES = ['registered', ...INTAKE_CLOSE_OUTCOMES] as const;
export type IntakeOutcome = (typeof INTAKE_OUTCOMES)[number];
