import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { CommonErrors } from './domain-error.js';
import type { Text } from './language.js';
import { memoiseValidationMetadata } from './validation-metadata-memo.js';
import { dutchValidationMessage, type ConstraintUse } from './validation-messages.js';
import { RULE_VALIDATORS } from './validators.js';

/** A field and what is wrong with it, in both languages (the problem filter keeps the one asked for). */
export interface FieldTexts {
  field: string;
  messages: Text[];
}

/**
 * Flattens nested class-validator errors into `members[0].dateOfBirth`-style field paths. The English message is
 * class-validator's (or the decorator's own); the Dutch one is written from the constraint's kind and arguments,
 * so the ~300 decorators need no change — a decorator with its own English message gives its Dutch one as
 * `context.nl` (see `says` in validators.ts).
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldTexts[] {
  const out: FieldTexts[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints && isMissing(error)) {
      // an optional field is not validated when absent: any rule failing on an absent one says it is required
      out.push({ field, messages: [{ nl: `${error.property} is verplicht`, en: `${error.property} is required` }] });
    } else if (error.constraints) {
      const uses = constraintUses(error);
      const messages = onlyTheType(error.constraints).map(([kind, en]): Text => {
        const nl = (error.contexts?.[kind] as { nl?: unknown } | undefined)?.nl;
        const use = uses.get(kind) ?? { constraints: [], each: false };
        return { nl: typeof nl === 'string' ? fill(nl, error.property, use) : dutchValidationMessage(kind, error.property, use), en };
      });
      out.push({ field, messages });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** The DTO instance (the error's target, which never leaves this file) has no value for the property at all. */
function isMissing(error: ValidationError): boolean {
  const target = error.target as Record<string, unknown> | undefined;
  return target !== undefined && !Array.isArray(target) && !/^\d+$/.test(error.property) && target[error.property] === undefined && !error.children?.length;
}

/** Constraints that say what type a value must be: when one fails, the others (its length, range, size) say nothing. */
const TYPE_CONSTRAINTS = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'isDefined']);

/** A value of the wrong type is told only that (an outside probe read "at most 99999", "at least 1" and "an integer" for "12"). */
function onlyTheType(constraints: Record<string, string>): Array<[string, string]> {
  const all = Object.entries(constraints);
  const types = all.filter(([kind]) => TYPE_CONSTRAINTS.has(kind));
  return types.length > 0 ? types : all;
}

/** The arguments each failed constraint was declared with (`@MaxLength(200)` → 200), read from class-validator's metadata. */
function constraintUses(error: ValidationError): Map<string, ConstraintUse> {
  const uses = new Map<string, ConstraintUse>();
  const target = error.target?.constructor;
  if (!target) return uses;
  const storage = getMetadataStorage();
  for (const metadata of storage.getTargetValidationMetadatas(target, '', true, false)) {
    if (metadata.propertyName !== error.property) continue;
    const kind = storage.getTargetValidatorConstraints(metadata.constraintCls)[0]?.name ?? metadata.type;
    if (!uses.has(kind)) uses.set(kind, { constraints: (metadata.constraints ?? []) as unknown[], each: metadata.each });
  }
  return uses;
}

/** class-validator's tokens in a decorator's own Dutch message. */
function fill(template: string, property: string, use: ConstraintUse): string {
  return template.replace(/\$property/g, property).replace(/\$constraint(\d)/g, (_, n: string) => {
    const value = use.constraints[Number(n) - 1];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  });
}

function failedConstraints(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => [...Object.keys(error.constraints ?? {}), ...failedConstraints(error.children ?? [])]);
}

export function createValidationPipe(): ValidationPipe {
  memoiseValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    // the target (the DTO instance) tells which decorator failed with which arguments; it never leaves this file
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      const names = fields.map((f) => f.field).join(', ');
      if (failedConstraints(errors).every((name) => RULE_VALIDATORS.has(name))) {
        return CommonErrors.create('VALUE_NOT_ALLOWED', { nl: `Verbeter deze velden: ${names}.`, en: `Correct these fields: ${names}.` }, { errors: fields });
      }
      return CommonErrors.create('VALIDATION_FAILED', { nl: `Verbeter deze velden: ${names}.`, en: `Correct these fields: ${names}.` }, { errors: fields });
    },
  });
}
