import { Injectable } from '@nestjs/common';

const AMSTERDAM_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });

/** The one source of "now", so tests can move time (stall rules fire at N+1 days, not N). */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Today as an ISO date (yyyy-mm-dd) in the Netherlands' time zone. */
  today(): string {
    return AMSTERDAM_DATE.format(this.now());
  }

  /** Test support: shift the clock forward or back. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
