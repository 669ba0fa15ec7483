import type { StallRule } from '../stall-rules.js';

/** Stored figures: reference dates (yyyy-mm-dd, Europe/Amsterdam), counts and totals. */
export type StoredFigures = Record<string, string | number | null>;

const DAY = 86_400_000;
const dayDiff = (later: string, earlier: string) => Math.round((Date.parse(`${later}T00:00:00Z`) - Date.parse(`${earlier}T00:00:00Z`)) / DAY);
const str = (f: StoredFigures, key: string) => f[key] as string;

/**
 * The rule's day figure as of `today`, from its stored reference dates (local dates in Europe/Amsterdam, as the
 * evaluation computed them): today minus the reference. NO_PROGRESS counts the days between the baseline and
 * the latest assessment instead.
 */
export function figureDays(rule: StallRule, f: StoredFigures, today: string): number {
  switch (rule) {
    case 'NO_COORDINATOR':
      return dayDiff(today, str(f, 'vacantSince'));
    case 'NO_PLAN':
      return dayDiff(today, str(f, 'intakeStartedOn'));
    case 'PLAN_NOT_UPDATED':
      return dayDiff(today, str(f, 'lastChangedOn'));
    case 'ACTIONS_OVERDUE':
      return dayDiff(today, str(f, 'oldestDueDate'));
    case 'NO_CONTACT': {
      const last = f.lastContactOn as string | null;
      const intake = str(f, 'intakeStartedOn');
      return dayDiff(today, last !== null && last > intake ? last : intake);
    }
    case 'REVIEW_OVERDUE':
      return dayDiff(today, str(f, 'reviewDate'));
    case 'SIGNAL_UNANSWERED':
      return dayDiff(today, str(f, 'oldestMatchedOn'));
    case 'NO_PROGRESS':
      return dayDiff(str(f, 'latestOn'), str(f, 'baselineOn'));
    case 'HANDOVER_PENDING':
      return dayDiff(today, str(f, 'proposedOn'));
  }
}
