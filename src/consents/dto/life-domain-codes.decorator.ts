import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsOptional } from '../../common/validators.js';

/** How many codes a list may name, and how long one may be: the life domains are a short list of short codes. */
const MAX_CODES = 40;
const MAX_CODE_LENGTH = 40;

/**
 * An optional list of life-domain codes that narrows what a consent or a care-team link opens. `null` and absent both
 * mean "every domain", so `null` skips validation; otherwise distinct strings, at most 40 of at most 40 characters.
 * One decorator for both, so the rule and its OpenAPI description cannot drift apart; `description` says what the
 * list narrows at the place it is used.
 */
export const LifeDomainCodes = (description: string): PropertyDecorator =>
  stack(
    ApiPropertyOptional({ type: [String], nullable: true, maxItems: MAX_CODES, uniqueItems: true, example: ['onderwijs'], description }),
    ValidateIf((_o, v) => v !== null),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_CODES),
    ArrayUnique(),
    IsString({ each: true }),
    MaxLength(MAX_CODE_LENGTH, { each: true }),
  );

/**
 * Applies decorators as written above a property, the last first (applyDecorators goes first to last), so the
 * validation metadata, and with it the order of messages in a 400, is what the stack written out gave.
 */
function stack(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, propertyKey) => {
    for (const decorate of [...decorators].reverse()) decorate(target, propertyKey);
  };
}
