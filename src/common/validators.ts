import { Transform } from 'class-transformer';
import { IsUUID, registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { isValidBsn } from './crypto/bsn.js';
import type { Text } from './language.js';

/**
 * A decorator's own message in both languages: class-validator shows `message` (English); the Dutch one travels as
 * `context.nl` to the validation pipe. `$property` and `$constraint1` work in both.
 */
export const says = (text: Text): Pick<ValidationOptions, 'message' | 'context'> => ({ message: text.en, context: { nl: text.nl } });

/**
 * The property may be left out — and that is all: `null` is checked like any other value, so the property's type
 * rule refuses it (400, naming the field) unless the property accepts null itself (`ValidateIf((_o, v) => v !== null)`
 * with `nullable` on its ApiProperty). class-validator's own `IsOptional` lets `null` through unchecked, which the
 * OpenAPI document does not advertise and no service expects (it crashed on `.trim()` of null, or wrote a change
 * that changed nothing). Lint keeps the library's one out (eslint.config.js).
 */
export const IsOptional = (options?: ValidationOptions) => ValidateIf((_object: object, value: unknown) => value !== undefined, options);

/**
 * A date as `DATE_PATTERN` and `format: date` say, that exists in the calendar. Year 0000 is RFC 3339's but not
 * PostgreSQL's (an outside fuzzer got a 422 naming no field for it): refused here and in the document's pattern.
 */
export const DATE_PATTERN = '^(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}$';

function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !new RegExp(DATE_PATTERN).test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function simple(name: string, test: (value: unknown) => boolean, message: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      // the Dutch message is written by the validation pipe from `name` (validation-messages.ts)
      options: { message, ...options },
      validator: { validate: test },
    });
}

/** A real calendar date written yyyy-mm-dd (no time, no time zone). */
export const IsDateOnly = (options?: ValidationOptions) =>
  simple('isDateOnly', isCalendarDate, '$property must be a date written as yyyy-mm-dd', options);

/**
 * Validators whose failure means "well-formed, but not allowed here" (a range that depends on today, say): the
 * OpenAPI document can state the form but not the rule, so failing only these is a 422, not a 400.
 */
export const RULE_VALIDATORS = new Set(['isBirthDateRange', 'isInstantRange', 'isBsnElfproef', 'isUniqueBy']);

/** A date of birth: a real date (400 otherwise), not in the future and not before 1900 (422 otherwise). */
export const IsBirthDate = (options?: ValidationOptions) => (object: object, propertyName: string) => {
  simple('isDateOnly', isCalendarDate, '$property must be a date written as yyyy-mm-dd', options)(object, propertyName);
  simple(
    'isBirthDateRange',
    (v) => !isCalendarDate(v) || (v >= '1900-01-01' && v <= new Date().toISOString().slice(0, 10)),
    '$property must be a date (yyyy-mm-dd) between 1900-01-01 and today',
    options,
  )(object, propertyName);
};

/** A BSN: 9 digits (400 otherwise) that pass the 11-test (422 otherwise: the document can state only the form). */
export const IsBsn = (options?: ValidationOptions) => (object: object, propertyName: string) => {
  simple('isBsn', (v) => typeof v === 'string' && /^\d{9}$/.test(v), '$property must be a BSN of 9 digits', options)(object, propertyName);
  simple(
    'isBsnElfproef',
    (v) => typeof v !== 'string' || !/^\d{9}$/.test(v) || isValidBsn(v),
    '$property must be a valid BSN (9 digits passing the 11-test)',
    options,
  )(object, propertyName);
};

/**
 * How an http(s) URL starts, in printable ASCII as `format: uri` (RFC 3986) has it — an international domain name in
 * its punycode form (an outside fuzzer had an IRI taken that the document refuses); the rest is the WHATWG URL
 * standard's to judge (`HTTP_URL_PATTERN` in the document).
 */
export const HTTP_URL_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?://[\\x21-\\x7E]+$';

/**
 * An absolute http or https URL with a host, as the WHATWG URL parser reads it — the parser that every later use of
 * the URL goes through (Node's `URL`, the webhook deliveries), so what passes here can be used there. Whether its
 * host may be called is a rule of its own (the webhook egress policy, 422).
 */
export const IsHttpUrl = (options?: ValidationOptions) =>
  simple(
    'isHttpUrl',
    (v) => typeof v === 'string' && new RegExp(HTTP_URL_PATTERN).test(v) && URL.canParse(v) && new URL(v).hostname !== '',
    '$property must be an absolute http or https URL',
    options,
  );

/**
 * An e-mail address as `format: email` means it (RFC 5321, ASCII, a dot-atom local part) within its limits: at most
 * 64 characters before the @, labels of at most 63, 254 in all. class-validator's isEmail allowed non-ASCII and
 * quoted local parts the document's format refuses and refused lengths it allows (an outside probe); this one is
 * the pattern the document states.
 */
export const EMAIL_PATTERN =
  "^(?=[^@]{1,64}@)(?=.{3,254}$)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$";
const EMAIL = new RegExp(EMAIL_PATTERN);

export const IsMailAddress = (options?: ValidationOptions) => simple('isEmail', (v) => typeof v === 'string' && EMAIL.test(v), '$property must be an email', options);

/** Dutch postcode, "1234 AB" or "1234ab"; normalised by `normalisePostcode`. */
export const IsPostcode = (options?: ValidationOptions) =>
  simple('isPostcode', (v) => typeof v === 'string' && /^[1-9]\d{3}\s?[a-zA-Z]{2}$/.test(v.trim()), '$property must be a Dutch postcode like 1234 AB', options);

/**
 * Array items name each `key` at most once (the items may differ otherwise, so JSON schema's uniqueItems cannot say
 * it). Items without the key (a new entry of a list that also keeps entries by id) are not compared.
 */
export const IsUniqueBy = (key: string, options?: ValidationOptions) => (object: object, propertyName: string) =>
  registerDecorator({
    name: 'isUniqueBy',
    target: object.constructor,
    propertyName,
    constraints: [key],
    options: { message: `$property must name each ${key} at most once`, ...options },
    validator: {
      validate: (value: unknown) => {
        if (!Array.isArray(value)) return true;
        const keys = value.map((item: unknown) => (item && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined)).filter((k) => k !== undefined && k !== null);
        return new Set(keys).size === keys.length;
      },
    },
  });

export const normalisePostcode = (value: string) => value.replace(/\s/g, '').toUpperCase();

/**
 * At least one character that is neither white space nor invisible (zero-width spaces and joiners, direction marks
 * and embeddings, word joiners, the soft hyphen, a BOM): a district of two zero-width spaces shows as empty in every
 * list (an outside probe). Written without `\p{…}` so every JSON Schema validator reads the same pattern.
 */
export const NOT_BLANK_PATTERN = '[^\\s\\u00AD\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]';
const NOT_BLANK = new RegExp(NOT_BLANK_PATTERN);

/** Required text: at least one visible character (names of only spaces would be stored empty). */
export const IsNotBlank = (options?: ValidationOptions) =>
  simple('isNotBlank', (v) => typeof v === 'string' && NOT_BLANK.test(v), '$property must not be empty or only spaces', options);

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const lowerUuid = (value: unknown): unknown => (typeof value === 'string' && UUID_TEXT.test(value) ? value.toLowerCase() : value);

/**
 * A UUID (`format: uuid`), taken in either letter case as RFC 9562 says, and kept in lower case — the way
 * PostgreSQL writes it — so an id compares equal wherever the application compares ids (an outside fuzzer had an
 * upper-case network member's id refused as unknown). Lists with `{ each: true }`.
 */
export function IsUuid(validationOptions?: ValidationOptions): PropertyDecorator {
  const transform = Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(lowerUuid) : lowerUuid(value)));
  const validate = IsUUID('all', validationOptions);
  return (target, property) => {
    transform(target, property);
    validate(target, property);
  };
}

/** A path parameter's UUID in lower case (its form was checked by `ParseUUIDPipe` before). */
export const lowerCaseUuid = (value: string): string => value.toLowerCase();
