import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isValidBsn } from './crypto/bsn.js';

function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function simple(name: string, test: (value: unknown) => boolean, message: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message, ...options },
      validator: { validate: test },
    });
}

/** A real calendar date written yyyy-mm-dd (no time, no time zone). */
export const IsDateOnly = (options?: ValidationOptions) =>
  simple('isDateOnly', isCalendarDate, '$property must be a date written as yyyy-mm-dd', options);

/** A date of birth: a real date, not in the future, not before 1900. */
export const IsBirthDate = (options?: ValidationOptions) =>
  simple(
    'isBirthDate',
    (v) => isCalendarDate(v) && v >= '1900-01-01' && v <= new Date().toISOString().slice(0, 10),
    '$property must be a date (yyyy-mm-dd) between 1900-01-01 and today',
    options,
  );

export const IsBsn = (options?: ValidationOptions) =>
  simple('isBsn', (v) => typeof v === 'string' && isValidBsn(v), '$property must be a valid BSN (9 digits passing the 11-test)', options);

/** Dutch postcode, "1234 AB" or "1234ab"; normalised by `normalisePostcode`. */
export const IsPostcode = (options?: ValidationOptions) =>
  simple('isPostcode', (v) => typeof v === 'string' && /^[1-9]\d{3}\s?[a-zA-Z]{2}$/.test(v.trim()), '$property must be a Dutch postcode like 1234 AB', options);

export const normalisePostcode = (value: string) => value.replace(/\s/g, '').toUpperCase();

/** Required text: at least one non-space character (names of only spaces would be stored empty). */
export const IsNotBlank = (options?: ValidationOptions) =>
  simple('isNotBlank', (v) => typeof v === 'string' && v.trim().length > 0, '$property must not be empty or only spaces', options);
