import { Param, ParseIntPipe, ParseUUIDPipe, type ArgumentMetadata } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import { CommonErrors, type DomainError } from './domain-error.js';
import { lowerCaseUuid } from './validators.js';

/**
 * A path parameter decorator that also documents the parameter with the schema its pipe enforces, so the OpenAPI
 * document says exactly what the validation allows (ApiParam on the handler, from the same place).
 */
const documented = (name: string, schema: Record<string, unknown>, param: ParameterDecorator): ParameterDecorator => (target, key, index) => {
  param(target, key, index);
  if (key === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor) ApiParam({ name, required: true, schema })(target, key, descriptor);
};

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string) =>
  documented(name, { type: 'string', format: 'uuid' }, Param(
    name,
    new ParseUUIDPipe({
      version: undefined,
      exceptionFactory: () =>
        CommonErrors.create('VALIDATION_FAILED', { nl: `De padparameter ${name} moet een UUID zijn.`, en: `The path parameter ${name} must be a UUID.` }, {
          errors: [{ field: name, messages: [{ nl: `${name} moet een UUID zijn`, en: `${name} must be a UUID` }] }],
        }),
    }),
    // either letter case is the same id (RFC 9562); the application compares ids in lower case, as PostgreSQL writes them
    { transform: lowerCaseUuid },
  ));

/**
 * The path of the OAuth2 token endpoint below /api/v1 (src/api-clients serves it). Declared down here because the
 * layers below the feature need it too: app.factory.ts parses form bodies on it, the rate limiter fails closed there.
 */
export const OAUTH_TOKEN_PATH = '/oauth/token';

/** The largest value of a PostgreSQL `integer` column: beyond it the database would refuse the query. */
export const INT4_MAX = 2_147_483_647;

/** A whole number between `min` and `max`; a 400 naming the parameter otherwise (never a database error). */
class BoundedIntPipe extends ParseIntPipe {
  constructor(
    private readonly name: string,
    private readonly min: number,
    private readonly max: number,
  ) {
    super({ exceptionFactory: () => BoundedIntPipe.invalid(name, min, max) });
  }

  static invalid(name: string, min: number, max: number): DomainError {
    const rule = { nl: `${name} moet een geheel getal van ${min} tot en met ${max} zijn`, en: `${name} must be a whole number from ${min} to ${max}` };
    return CommonErrors.create('VALIDATION_FAILED', { nl: `De padparameter ${rule.nl}.`, en: `The path parameter ${rule.en}.` }, { errors: [{ field: name, messages: [rule] }] });
  }

  override async transform(value: string, metadata: ArgumentMetadata): Promise<number> {
    const number = await super.transform(value, metadata);
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < this.min || number > this.max) throw BoundedIntPipe.invalid(this.name, this.min, this.max);
    return number;
  }
}

/** An integer path parameter within the range of its column (by default 1 to INT4_MAX). */
export const IntParam = (name: string, range: { min?: number; max?: number } = {}) => {
  const [minimum, maximum] = [range.min ?? 1, range.max ?? INT4_MAX];
  return documented(name, { type: 'integer', minimum, maximum }, Param(name, new BoundedIntPipe(name, minimum, maximum)));
};

export const API_PREFIX = '/api/v1';

/** 201 Created answers carry the new resource's address. */
export function setLocation(response: Response, path: string): void {
  response.location(`${API_PREFIX}${path}`);
}

export function setEtag(response: Response, version: number): void {
  response.setHeader('ETag', `"${version}"`);
}

/** Sets the resource's version as the answer's ETag (for the If-Match of its next change) and returns the resource. */
export function withEtag<T extends { version: number }>(response: Response, resource: T): T {
  setEtag(response, resource.version);
  return resource;
}
