import { getMetadataStorage } from 'class-validator';
import type { SchemaObject } from '@nestjs/swagger';
import { DATE_PATTERN, EMAIL_PATTERN, HTTP_URL_PATTERN, NOT_BLANK_PATTERN } from './validators.js';

/**
 * The validation rules of a DTO, read from class-validator's metadata storage and written into its JSON schema, so
 * the OpenAPI document states exactly what the validation pipe enforces and the two cannot drift apart: a decorator
 * added to a DTO changes the document without anyone touching an `@ApiProperty`.
 */

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
type Schema = SchemaObject & { $ref?: string };
type Rule = (schema: Schema, constraints: unknown[]) => void;

const POSTCODE_PATTERN = '^\\s*[1-9][0-9]{3}\\s?[a-zA-Z]{2}\\s*$';

const patternOf = (value: unknown): string => (value instanceof RegExp ? value.source : String(value));

/**
 * What each validator means in JSON schema. A validator missing here fails the contract test
 * (test/e2e/openapi-validators.e2e-spec.ts), so a new rule cannot silently go undocumented.
 */
export const VALIDATOR_SCHEMA_RULES: Readonly<Record<string, Rule>> = {
  isString: (s) => setType(s, 'string'),
  isInt: (s) => setType(s, 'integer'),
  isNumber: (s) => setType(s, 'number'),
  isBoolean: (s) => setType(s, 'boolean'),
  isArray: (s) => setType(s, 'array'),
  isObject: (s) => setType(s, 'object'),
  min: (s, [min]) => void (s.minimum = Number(min)),
  max: (s, [max]) => void (s.maximum = Number(max)),
  minLength: (s, [min]) => void (s.minLength = Number(min)),
  maxLength: (s, [max]) => void (s.maxLength = Number(max)),
  arrayMinSize: (s, [min]) => void (s.minItems = Number(min)),
  arrayMaxSize: (s, [max]) => void (s.maxItems = Number(max)),
  arrayUnique: (s) => void (s.uniqueItems = true),
  isIn: (s, [values]) => void (s.enum = [...(values as unknown[])]),
  isUuid: (s) => Object.assign(setType(s, 'string'), { format: 'uuid' }),
  isEmail: (s) => Object.assign(setType(s, 'string'), { format: 'email', pattern: EMAIL_PATTERN }),
  isUrl: (s) => Object.assign(setType(s, 'string'), { format: 'uri' }),
  isHttpUrl: (s) => Object.assign(setType(s, 'string'), { format: 'uri', pattern: HTTP_URL_PATTERN }),
  matches: (s, [pattern]) => Object.assign(setType(s, 'string'), { pattern: patternOf(pattern) }),
  isDateOnly: (s) => Object.assign(setType(s, 'string'), { format: 'date', pattern: DATE_PATTERN }),
  // the range is a rule of the data, answered 422 (RULE_VALIDATORS); the document states it in words
  isBirthDateRange: (s) => Object.assign(setType(s, 'string'), { format: 'date', pattern: DATE_PATTERN, description: withRule(s.description, 'From 1900-01-01 up to today (422 otherwise).') }),
  isInstant: (s) => Object.assign(setType(s, 'string'), { format: 'date-time' }),
  isInstantRange: (s) => Object.assign(setType(s, 'string'), { format: 'date-time', description: withRule(s.description, 'Not before 1900 (422 otherwise).') }),
  isBsn: (s) => Object.assign(setType(s, 'string'), { pattern: '^[0-9]{9}$' }),
  isBsnElfproef: (s) => Object.assign(setType(s, 'string'), { description: withRule(s.description, 'A burgerservicenummer: 9 digits that pass the 11-test (422 otherwise).') }),
  isUniqueBy: (s, [key]) => void (s.description = withRule(s.description, `Each item's \`${String(key)}\` at most once (422 otherwise).`)),
  isPostcode: (s) => Object.assign(setType(s, 'string'), { pattern: POSTCODE_PATTERN }),
  isNotBlank: (s) => Object.assign(setType(s, 'string'), { minLength: Math.max(1, s.minLength ?? 0), pattern: s.pattern ?? NOT_BLANK_PATTERN }),
};

/** Metadata kinds that say nothing about a value's shape (nested classes are `$ref`s already). */
const SHAPELESS = new Set(['nestedValidation', 'whitelistValidation', 'conditionalValidation', 'isDefined']);

const withRule = (description: string | undefined, rule: string) => (description?.includes(rule) ? description : [description, rule].filter(Boolean).join(' '));

function setType(schema: Schema, type: string): Schema {
  // a `$ref` or `allOf` schema is a nested class; its own type comes from its component
  if (schema.$ref === undefined && schema.allOf === undefined) {
    schema.type = type as SchemaObject['type'];
    if (type !== 'object') delete schema.properties;
  }
  return schema;
}

export interface PropertyRules {
  property: string;
  optional: boolean;
  nullable: boolean;
  metadata: ValidationMetadata[];
}

/** The validation metadata of a class (its own and inherited), grouped by property. */
export function validationRules(target: abstract new (...args: never[]) => unknown): PropertyRules[] {
  const all = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of all) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  return [...byProperty].map(([property, metadata]) => {
    const conditions = metadata.filter((m) => m.type === 'conditionalValidation');
    // IsOptional and ValidateIf: a value the condition skips is accepted without any check
    const skips = (value: unknown) =>
      conditions.some((m) => (m.constraints as Array<(o: object, v: unknown) => boolean>).some((condition) => !condition({ [property]: value }, value)));
    // null is documented where a condition skips it but not a missing value (ValidateIf(v => v !== null)); the
    // project's IsOptional skips only a missing value, so null meets the property's type rule and is refused
    return { property, optional: skips(undefined), nullable: skips(null) && !skips(undefined), metadata };
  });
}

export const validatorName = (m: ValidationMetadata): string => m.name ?? m.type;

/** Writes one property's rules into its schema (in place). Unknown validators are returned, not guessed. */
export function applyPropertyRules(schema: Schema, rules: PropertyRules): string[] {
  const unknown: string[] = [];
  for (const m of rules.metadata) {
    if (SHAPELESS.has(m.type)) continue;
    const name = validatorName(m);
    const rule = VALIDATOR_SCHEMA_RULES[name];
    if (!rule) {
      unknown.push(name);
      continue;
    }
    if (m.each) {
      setType(schema, 'array');
      schema.items = (schema.items as Schema | undefined) ?? {};
      rule(schema.items as Schema, m.constraints ?? []);
    } else {
      rule(schema, m.constraints ?? []);
    }
  }
  if (rules.nullable) markNullable(schema);
  return unknown;
}

function markNullable(schema: Schema): void {
  if (schema.$ref !== undefined) {
    const ref = schema.$ref;
    delete schema.$ref;
    Object.assign(schema, { allOf: [{ $ref: ref }] });
  }
  schema.nullable = true;
  const values = schema.enum as unknown[] | undefined;
  if (values && !values.includes(null)) schema.enum = [...values, null];
}

/**
 * A request body class as a closed schema: properties typed by their validators, `required` exactly the properties
 * that must be present, and `additionalProperties: false` because the validation pipe refuses unknown properties.
 */
export function applyClassRules(schema: Schema, target: abstract new (...args: never[]) => unknown): string[] {
  const unknown: string[] = [];
  const properties = (schema.properties ??= {}) as Record<string, Schema>;
  const required: string[] = [];
  for (const rules of validationRules(target)) {
    const property = (properties[rules.property] ??= {});
    unknown.push(...applyPropertyRules(property, rules));
    if (!rules.optional) required.push(rules.property);
  }
  schema.type = 'object';
  if (required.length > 0) schema.required = required;
  else delete schema.required;
  schema.additionalProperties = false;
  return unknown;
}
