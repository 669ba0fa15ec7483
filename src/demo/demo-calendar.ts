import { fakerNL as faker } from '@faker-js/faker';
import { amsterdamDate } from '../supervision/stall-rules.js';

const DAY = 86_400_000;

/**
 * The demo's year, relative to the moment the demo is loaded. The supervisor's outcomes cover twelve calendar
 * months by default: the current one and the eleven before it (month 0 … month 11). Every moment the story uses
 * lies in office hours (07:00–15:59 UTC, which is the same calendar day in Europe/Amsterdam, winter and summer),
 * never within a day of a month boundary and never later than yesterday (in the Netherlands, whose calendar the
 * outcomes and the stall rules use), so the month an event falls in and the date a stall rule reads are the same
 * wherever and whenever the demo is loaded.
 */
export class DemoCalendar {
  /** Midnight UTC of the first day of month 0 of the outcomes window. */
  readonly windowStart: Date;
  /** Midnight UTC of today's date in the Netherlands (the calendar the outcomes and stall rules use). */
  private readonly today: number;

  constructor(now: Date) {
    const [y, m, d] = amsterdamDate(now).split('-').map(Number) as [number, number, number];
    this.today = Date.UTC(y, m - 1, d);
    this.windowStart = new Date(Date.UTC(y, m - 1 - 11, 1));
  }

  /** The first day (midnight UTC) of month `index` of the window (0 … 11; 12 is next month). */
  monthStart(index: number): Date {
    return new Date(Date.UTC(this.windowStart.getUTCFullYear(), this.windowStart.getUTCMonth() + index, 1));
  }

  /** A moment on a random day between the `from`-th and `to`-th day of window month `index`, never after yesterday. */
  inMonth(index: number, from = 3, to = 26): Date {
    const day = new Date(this.monthStart(index).getTime() + (faker.number.int({ min: from, max: to }) - 1) * DAY);
    return this.office(this.notAfterYesterday(day));
  }

  /** A moment `days` calendar days from `t` (negative: before), in office hours. */
  days(t: Date, days: number): Date {
    return this.office(new Date(t.getTime() + days * DAY));
  }

  /** `n` days before now, in office hours (n ≥ 1). */
  ago(n: number): Date {
    return this.days(new Date(this.today), -Math.max(1, n));
  }

  /** A few minutes after `t`: the next step of one sitting (a goal, then its actions). */
  later(t: Date, minutes = 2): Date {
    return new Date(t.getTime() + minutes * 60_000);
  }

  /** yyyy-mm-dd of a story moment (office hours: the same day in UTC and in the Netherlands). */
  date(t: Date): string {
    return t.toISOString().slice(0, 10);
  }

  /** A date `days` from today (negative: past), as yyyy-mm-dd: for due and review dates relative to now. */
  dateFromNow(days: number): string {
    return new Date(this.today + days * DAY).toISOString().slice(0, 10);
  }

  /** Whole days from `a` to `b`. */
  between(a: Date, b: Date): number {
    return Math.floor((b.getTime() - a.getTime()) / DAY);
  }

  private notAfterYesterday(day: Date): Date {
    const yesterday = this.today - DAY;
    return day.getTime() > yesterday ? new Date(yesterday) : day;
  }

  /** Same calendar day (UTC), at a random time between 07:00 and 15:59 UTC. */
  private office(t: Date): Date {
    const midnight = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
    return new Date(midnight + (7 * 60 + faker.number.int({ min: 0, max: 9 * 60 - 1 })) * 60_000);
  }
}
