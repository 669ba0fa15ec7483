/**
 * The eight stall rules of SPEC.md ("Stalled-case rules"). Thresholds are whole days and configurable per tenant;
 * a rule fires when its figure is strictly greater than the threshold (so at threshold + 1 days, never at the
 * threshold itself). Days are calendar days in Europe/Amsterdam: today's date minus the date of the event.
 */
export const STALL_RULES = [
  'NO_COORDINATOR',
  'NO_PLAN',
  'PLAN_NOT_UPDATED',
  'ACTIONS_OVERDUE',
  'NO_CONTACT',
  'REVIEW_OVERDUE',
  'SIGNAL_UNANSWERED',
  'NO_PROGRESS',
  'HANDOVER_PENDING',
] as const;
export type StallRule = (typeof STALL_RULES)[number];

export interface StallRuleDefinition {
  defaultThresholdDays: number;
  /** Weight in the severity score of a stalled case (sum over its visible rules). */
  weight: number;
  description: string;
}

export const STALL_RULE_DEFINITIONS: Record<StallRule, StallRuleDefinition> = {
  NO_COORDINATOR: {
    defaultThresholdDays: 2,
    weight: 5,
    description: 'An open household (registered, intake, active or aftercare) has had no coordinator for more than N days.',
  },
  NO_PLAN: { defaultThresholdDays: 14, weight: 4, description: 'No plan more than N days after intake started.' },
  PLAN_NOT_UPDATED: { defaultThresholdDays: 42, weight: 2, description: 'The plan has not changed for more than N days.' },
  ACTIONS_OVERDUE: { defaultThresholdDays: 14, weight: 3, description: 'An open or in-progress action is more than N days past its due date.' },
  NO_CONTACT: {
    defaultThresholdDays: 30,
    weight: 3,
    description: 'No contact moment for more than N days (counted from intake when there was none yet).',
  },
  REVIEW_OVERDUE: { defaultThresholdDays: 0, weight: 2, description: "The plan's review date passed more than N days ago (0: the day after it)." },
  SIGNAL_UNANSWERED: { defaultThresholdDays: 5, weight: 4, description: 'A matched signal has been unacknowledged for more than N days.' },
  NO_PROGRESS: {
    defaultThresholdDays: 180,
    weight: 1,
    description:
      'The latest household-level assessment is not better than the latest one assessed more than N days before it ' +
      '(summed scores over the domains both scored).',
  },
  HANDOVER_PENDING: {
    defaultThresholdDays: 7,
    weight: 3,
    description: 'A proposed hand-over has waited for the new coordinator to accept or decline for more than N days.',
  },
};

export const MAX_THRESHOLD_DAYS = 3650;

export const isStallRule = (value: string): value is StallRule => (STALL_RULES as readonly string[]).includes(value);

export const sqlRuleList = () => STALL_RULES.map((r) => `'${r}'`).join(', ');

/** Severity of a stalled case: the sum of the weights of its visible rules. */
export const severityOf = (rules: readonly StallRule[]) => rules.reduce((sum, r) => sum + STALL_RULE_DEFINITIONS[r].weight, 0);

/** The tenant's effective setting of one rule. */
export interface RuleSetting {
  rule: StallRule;
  thresholdDays: number;
  enabled: boolean;
}

export const defaultSettings = (): RuleSetting[] =>
  STALL_RULES.map((rule) => ({ rule, thresholdDays: STALL_RULE_DEFINITIONS[rule].defaultThresholdDays, enabled: true }));

/** Today's date (yyyy-mm-dd) in the Netherlands for a given instant — the same calendar as `Clock.today()`. */
export function amsterdamDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(instant);
}
