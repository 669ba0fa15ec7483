import { registerDecorator, type ValidationOptions } from 'class-validator';

const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant: ISO 8601 date-time with a time zone (Z or ±hh:mm), so it means one moment everywhere. */
export const IsInstant = (options?: ValidationOptions) => (object: object, propertyName: string) => {
  registerDecorator({
    name: 'isInstant',
    target: object.constructor,
    propertyName,
    options: { message: '$property must be a date-time with time zone, e.g. 2026-03-01T14:30:00+01:00', ...options },
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || !DATE_TIME_WITH_ZONE.test(value)) return false;
        const time = Date.parse(value);
        if (Number.isNaN(time)) return false;
        // Date.parse rolls 2026-02-30 over into March; refuse dates that do not exist.
        const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
        const calendar = new Date(Date.UTC(year, month - 1, day));
        return calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
      },
    },
  });
  registerDecorator({
    // well-formed but before 1900: a rule of the data (422, see RULE_VALIDATORS), not a malformed value
    name: 'isInstantRange',
    target: object.constructor,
    propertyName,
    options: { message: '$property must not be before 1900', ...options },
    validator: { validate: (value: unknown) => typeof value !== 'string' || !DATE_TIME_WITH_ZONE.test(value) || Number(value.slice(0, 4)) >= 1900 },
  });
};
