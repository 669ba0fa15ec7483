import { Param, ParseIntPipe, ParseUUIDPipe, type ArgumentMetadata } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from './domain-error.js';

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({
      version: undefined,
      exceptionFactory: () =>
        new DomainError('VALIDATION_FAILED', 400, 'The request is not valid', `The path parameter ${name} must be a UUID.`, {
          errors: [{ field: name, messages: [`${name} must be a UUID`] }],
        }),
    }),
  );

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
    const rule = `${name} must be a whole number from ${min} to ${max}`;
    return new DomainError('VALIDATION_FAILED', 400, 'The request is not valid', `The path parameter ${rule}.`, { errors: [{ field: name, messages: [rule] }] });
  }

  override async transform(value: string, metadata: ArgumentMetadata): Promise<number> {
    const number = await super.transform(value, metadata);
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < this.min || number > this.max) throw BoundedIntPipe.invalid(this.name, this.min, this.max);
    return number;
  }
}

/** An integer path parameter within the range of its column (by default 1 to INT4_MAX). */
export const IntParam = (name: string, range: { min?: number; max?: number } = {}) => Param(name, new BoundedIntPipe(name, range.min ?? 1, range.max ?? INT4_MAX));

export const API_PREFIX = '/api/v1';

/** 201 Created answers carry the new resource's address. */
export function setLocation(response: Response, path: string): void {
  response.location(`${API_PREFIX}${path}`);
}

export function setEtag(response: Response, version: number): void {
  response.setHeader('ETag', `"${version}"`);
}
