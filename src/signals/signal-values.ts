/** What a signal is about; a code, never free text, so it may travel in lists and statistics. */
export const SIGNAL_CATEGORIES = ['debt', 'school_absence', 'domestic_violence', 'nuisance', 'mental_health', 'housing', 'youth', 'other'] as const;
export type SignalCategory = (typeof SIGNAL_CATEGORIES)[number];

export const SIGNAL_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type SignalSeverity = (typeof SIGNAL_SEVERITIES)[number];

/**
 * Derived from the columns: `acknowledged` once acknowledged; otherwise `matched` once part of a match (two or
 * more organisations about one household); otherwise `unmatched` — waiting in the intake list.
 */
export const SIGNAL_STATUSES = ['unmatched', 'matched', 'acknowledged'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

export const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
