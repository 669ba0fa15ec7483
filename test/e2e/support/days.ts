import type { INestApplication } from '@nestjs/common';
import { Clock } from '../../../src/common/clock.js';

/** Calendar date (Europe/Amsterdam) `days` from the real today. */
export function dateIn(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Moves the app's clock to noon (Amsterdam) of the calendar day `days` from the real today, so "N days later" is
 * exactly N calendar days whatever the time of day the tests run and across daylight-saving changes.
 */
export function onDay(app: INestApplication, days: number): void {
  const clock = app.get(Clock);
  clock.reset();
  clock.advance(Date.parse(`${dateIn(days)}T11:00:00Z`) - Date.now());
}
