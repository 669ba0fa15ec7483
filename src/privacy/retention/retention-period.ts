/**
 * Retention periods and the one rule that says whether a record has expired. Pure: the engine computes each
 * category's cut-off here and hands it to SQL as a bound (`start <= cutoff`), so the database and the tests use the
 * same arithmetic.
 *
 * Calendar arithmetic in UTC, as PostgreSQL does it for intervals: subtracting months or years keeps the day of the
 * month, clamped to the month's last day (31 March − 1 month = 28/29 February).
 */
export const PERIOD_UNITS = ['hours', 'days', 'months', 'years'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export interface Period {
  amount: number;
  unit: PeriodUnit;
}

/** The shortest and longest a period of each unit can be, in hours (a month 28–31 days, a year 365–366). */
const HOURS: Record<PeriodUnit, { min: number; max: number }> = {
  hours: { min: 1, max: 1 },
  days: { min: 24, max: 24 },
  months: { min: 28 * 24, max: 31 * 24 },
  years: { min: 365 * 24, max: 366 * 24 },
};

export const minHours = (p: Period): number => p.amount * HOURS[p.unit].min;
export const maxHours = (p: Period): number => p.amount * HOURS[p.unit].max;

/** `now` minus `period`: a record whose start moment lies on or before it has expired. */
export function cutoff(now: Date, period: Period): Date {
  switch (period.unit) {
    case 'hours':
      return new Date(now.getTime() - period.amount * 3_600_000);
    case 'days':
      return new Date(now.getTime() - period.amount * 86_400_000);
    case 'months':
      return minusMonths(now, period.amount);
    case 'years':
      return minusMonths(now, period.amount * 12);
  }
}

/** Whether a record that started at `start` has outlived `period` at `now`. */
export function isExpired(start: Date, period: Period, now: Date): boolean {
  return start.getTime() <= cutoff(now, period).getTime();
}

/**
 * Whether `a` is never shorter than `b`, whenever both start: exact for equal units, otherwise `a`'s shortest
 * length against `b`'s longest (so "audit events at least as long as the case file" holds in every calendar).
 */
export function periodAtLeast(a: Period, b: Period): boolean {
  if (a.unit === b.unit) return a.amount >= b.amount;
  if ((a.unit === 'months' || a.unit === 'years') && (b.unit === 'months' || b.unit === 'years')) {
    return (a.unit === 'years' ? a.amount * 12 : a.amount) >= (b.unit === 'years' ? b.amount * 12 : b.amount);
  }
  return minHours(a) >= maxHours(b);
}

export const describePeriod = (p: Period): string => `${p.amount} ${p.amount === 1 ? p.unit.slice(0, -1) : p.unit}`;

function minusMonths(now: Date, months: number): Date {
  const total = now.getUTCFullYear() * 12 + now.getUTCMonth() - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(now.getTime());
  result.setUTCFullYear(year, month, Math.min(now.getUTCDate(), lastDay));
  return result;
}
