/**
 * PostgreSQL keeps timestamps to the microsecond; a JavaScript `Date` to the millisecond. A list ordered by a
 * timestamp and paged by a cursor that carried only the milliseconds skipped every row whose timestamp fell later in
 * the same millisecond than the page's last one (an outside race probe lost notifications and households that way:
 * one transaction writes several notifications within a millisecond). So a `Date` read from the database remembers
 * the microseconds it could not hold, and a cursor is written from them.
 */

/** The microseconds within the millisecond (1–999) of a Date read from the database; absent when there are none. */
const MICROSECONDS = new WeakMap<Date, number>();

/**
 * Remembers the microseconds of `text` (PostgreSQL's text of a timestamp, or JSON's) for `date`, the Date parsed
 * from it. Returns `date`.
 */
export function rememberMicroseconds<T>(date: T, text: string): T {
  if (!(date instanceof Date)) return date;
  const digits = /\.\d{3}(\d{1,3})/.exec(text)?.[1];
  const micros = digits === undefined ? 0 : Number(digits.padEnd(3, '0'));
  if (micros > 0) MICROSECONDS.set(date, micros);
  return date;
}

/** The instant as ISO 8601 in UTC, to the microsecond when the database gave more than a Date holds: a cursor key. */
export function instantKey(date: Date): string {
  const iso = date.toISOString();
  const micros = MICROSECONDS.get(date);
  return micros === undefined ? iso : `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}
