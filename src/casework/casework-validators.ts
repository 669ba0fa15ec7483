import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * RFC 3339 `date-time`, as the OpenAPI document's `format: date-time` means it (and as JSON schema validators such as
 * ajv-formats check it): `T` or a space between date and time, either case, seconds required, a leap second only
 * at 23:59:60 UTC, any number of fraction digits, `Z` or an offset ±hh:mm.
 */
const RFC3339_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Whether `value` is an RFC 3339 date-time of a real calendar day and clock time. */
export function isRfc3339DateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = RFC3339_DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  calendar.setUTCFullYear(year);
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return false;
  const offsetMinutes = m[8] === undefined ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  if (hour > 23 || minute > 59 || Number(m[9] ?? 0) > 23 || Number(m[10] ?? 0) > 59) return false;
  if (second < 60) return true;
  // a leap second is the last second of a UTC day
  const utcMinuteOfDay = (((hour * 60 + minute - offsetMinutes) % 1440) + 1440) % 1440;
  return second === 60 && utcMinuteOfDay === 23 * 60 + 59;
}

/**
 * The moment an RFC 3339 date-time names. JavaScript has no leap seconds: 23:59:60 is read as the next minute's
 * first instant, as PostgreSQL reads it.
 */
export function parseInstant(value: string): Date {
  const normalised = value.toUpperCase().replace(' ', 'T');
  const leap = /:60(?=[.Z+-])/.test(normalised.slice(16));
  const at = new Date(leap ? normalised.slice(0, 17) + '59' + normalised.slice(19) : normalised);
  return leap ? new Date(Math.floor(at.getTime() / 1000) * 1000 + 1000) : at;
}

/** An instant: an RFC 3339 date-time with a time zone (Z or ±hh:mm), so it means one moment everywhere. */
export const IsInstant = (options?: ValidationOptions) => (object: object, propertyName: string) => {
  registerDecorator({
    name: 'isInstant',
    target: object.constructor,
    propertyName,
    options: { message: '$property must be a date-time with time zone, e.g. 2026-03-01T14:30:00+01:00', ...options },
    validator: { validate: isRfc3339DateTime },
  });
  registerDecorator({
    // well-formed but before 1900: a rule of the data (422, see RULE_VALIDATORS), not a malformed value
    name: 'isInstantRange',
    target: object.constructor,
    propertyName,
    options: { message: '$property must not be before 1900', ...options },
    validator: { validate: (value: unknown) => !isRfc3339DateTime(value) || Number(value.slice(0, 4)) >= 1900 },
  });
};
