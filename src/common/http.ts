import { Param, ParseUUIDPipe } from '@nestjs/common';
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

export const API_PREFIX = '/api/v1';

/** 201 Created answers carry the new resource's address. */
export function setLocation(response: Response, path: string): void {
  response.location(`${API_PREFIX}${path}`);
}

export function setEtag(response: Response, version: number): void {
  response.setHeader('ETag', `"${version}"`);
}
