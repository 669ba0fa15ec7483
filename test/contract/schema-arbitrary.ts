import fc from 'fast-check';
import { resolve, type OpenApiDocument, type Schema } from './openapi-types.js';
import { NOT_BLANK_PATTERN } from '../../src/common/validators.js';

/**
 * fast-check arbitraries for values a JSON schema of the document allows (valid requests), and mutations of them
 * (invalid requests). Only what the document says is used, as an external fuzzer would; the one exception is the
 * BSN, whose 11-test the document can only describe in words (its pattern says 9 digits).
 */

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const TODAY = Date.now();
const day = (from: number, to: number) => fc.integer({ min: Math.floor(from / DAY), max: Math.floor(to / DAY) }).map((d) => isoDay(d * DAY));

/** A 9-digit number passing the 11-test: eight random digits, the ninth chosen to make the sum divisible by 11. */
const bsn = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 })
  .map((digits) => {
    const sum = digits.reduce((acc, d, i) => acc + d * (9 - i), 0);
    return { digits, check: sum % 11 };
  })
  .filter(({ check, digits }) => check < 10 && digits.some((d) => d > 0))
  .map(({ digits, check }) => `${digits.join('')}${check}`);

const word = fc.stringMatching(/^[a-z]{3,12}$/);

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const maxLength = Math.min(schema.maxLength ?? 60, 60);
  const minLength = schema.minLength ?? 0;
  switch (schema.format) {
    case 'uuid':
      return fc.uuid({ version: 4 });
    case 'date':
      return day(Date.UTC(1950, 0, 1), schema.description?.includes('up to today') ? TODAY : Date.UTC(2030, 11, 31));
    case 'date-time':
      return fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 11, 31) }).map((ms) => new Date(ms).toISOString());
    case 'email':
      return word.map((w) => `${w}@example.nl`);
    case 'uri':
      return word.map((w) => `https://example.nl/${w}`);
    default:
      break;
  }
  if (schema.pattern === '^[0-9]{9}$') return bsn;
  if (schema.pattern === NOT_BLANK_PATTERN) return fc.string({ minLength: Math.max(1, minLength), maxLength }).filter((s) => new RegExp(NOT_BLANK_PATTERN).test(s));
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
  }
  return fc.string({ minLength, maxLength: Math.max(minLength, maxLength) });
}

/** Merges `allOf` parts into one object schema (properties and required lists). */
function merged(doc: OpenApiDocument, schema: Schema): Schema {
  if (!schema.allOf) return schema;
  const out: Schema = { type: 'object', properties: {}, required: [] };
  for (const part of schema.allOf.map((s) => merged(doc, resolve(doc, s)))) {
    Object.assign(out.properties!, part.properties);
    out.required!.push(...(part.required ?? []));
    if (part.additionalProperties === false) out.additionalProperties = false;
  }
  return { ...schema, ...out, allOf: undefined };
}

/** Arbitraries per schema object: building them is most of the cost of a request. */
const built = new WeakMap<Schema, fc.Arbitrary<unknown>>();

export function validValue(doc: OpenApiDocument, given: Schema, depth = 0): fc.Arbitrary<unknown> {
  const cached = built.get(given);
  if (cached) return cached;
  const schema = merged(doc, resolve(doc, given));
  const value = nonNull(doc, schema, depth);
  const arbitrary = schema.nullable || given.nullable ? fc.option(value, { nil: null, freq: 6 }) : value;
  built.set(given, arbitrary);
  return arbitrary;
}

function nonNull(doc: OpenApiDocument, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s) => validValue(doc, s, depth)));
  if (schema.enum) return fc.constantFrom(...schema.enum.filter((v) => v !== null));
  switch (schema.type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = validValue(doc, schema.items ?? {}, depth + 1);
      const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, Math.max(3, schema.minItems ?? 0)) };
      return schema.uniqueItems ? fc.uniqueArray(items, { ...constraints, selector: (v) => JSON.stringify(v) }) : fc.array(items, constraints);
    }
    default: {
      const properties = schema.properties ?? {};
      if (depth > 4 || Object.keys(properties).length === 0) return fc.constant({});
      const record = Object.fromEntries(Object.entries(properties).map(([name, s]) => [name, validValue(doc, s, depth + 1)]));
      const value = fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) });
      return schema.minProperties ? value.filter((v) => Object.keys(v).length >= schema.minProperties!) : value;
    }
  }
}

/** Values that break some rule of a schema: wrong types, out of range, unreadable text, too long, malformed dates. */
export function invalidValue(doc: OpenApiDocument, given: Schema): fc.Arbitrary<unknown> {
  const schema = merged(doc, resolve(doc, given));
  const wrong: Array<fc.Arbitrary<unknown>> = [fc.constantFrom<unknown>({}, [], true, 'x'.repeat(20_000), '\u0000', 'a\ud800b', 2 ** 53, -1, 1.5, '')];
  if (!schema.nullable) wrong.push(fc.constant(null));
  if (schema.type === 'integer' || schema.type === 'number') wrong.push(fc.constantFrom<unknown>(2_147_483_648, -2_147_483_649, 1e308, '12', (schema.maximum ?? 1e9) + 1, (schema.minimum ?? -1e9) - 1));
  if (schema.format === 'date' || schema.format === 'date-time') wrong.push(fc.constantFrom<unknown>('2026-02-30', '1800-01-01', '9999-12-31T25:00:00Z', 'yesterday'));
  if (schema.format === 'uuid') wrong.push(fc.constantFrom<unknown>('not-a-uuid', '00000000-0000-0000-0000-00000000000g'));
  if (schema.type === 'string' && schema.maxLength !== undefined) wrong.push(fc.constant('y'.repeat(schema.maxLength + 1)));
  return fc.oneof(...wrong);
}
