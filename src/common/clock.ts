import { Injectable } from '@nestjs/common';

const AMSTERDAM_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });

/** The one source of "now", so tests can move time (stall rules fire at N+1 days, not N). */
@Injectable()
export class Clock {
  private offsetMs = 0;
  /** The last `today()`, by the minute it was asked in: formatting a date per request showed in profiles. */
  private todayMemo = { minute: Number.NaN, day: '' };

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Today as an ISO date (yyyy-mm-dd) in the Netherlands' time zone. */
  today(): string {
    const now = this.now();
    // the Netherlands' days begin on a whole UTC hour, so within one UTC minute the day cannot change
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== this.todayMemo.minute) this.todayMemo = { minute, day: AMSTERDAM_DATE.format(now) };
    return this.todayMemo.day;
  }

  /** Test support: shift the clock forward or back. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
