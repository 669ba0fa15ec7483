import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import type { Request } from 'express';
import { CommonErrors } from './domain-error.js';

/** RouteParamtypes of @nestjs/common: 0 the whole request (a handler that reads its body itself), 3 @Body(). */
const READS_BODY = new Set([0, 3]);

/**
 * An operation that takes no body (its OpenAPI entry has none) refuses one with properties, as every other route
 * refuses properties it does not know (400, each named) — rather than silently ignoring what the caller meant to
 * say. `{}` stays accepted: many clients send it with every POST.
 */
@Injectable()
export class UnexpectedBodyGuard implements CanActivate {
  private readonly readsBody = new WeakMap<object, boolean>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const body: unknown = context.switchToHttp().getRequest<Request>().body;
    const properties = Array.isArray(body) ? ['(body)'] : typeof body === 'object' && body !== null ? Object.keys(body) : [];
    if (properties.length === 0 || this.takesBody(context)) return true;
    throw CommonErrors.create(
      'VALIDATION_FAILED',
      { nl: 'Deze bewerking heeft geen inhoud nodig; stuur het verzoek zonder inhoud (of met {}).', en: 'This operation takes no request body; send it without one (or with {}).' },
      { errors: properties.map((field) => ({ field, messages: [{ nl: `eigenschap ${field} mag niet bestaan`, en: `property ${field} should not exist` }] })) },
    );
  }

  private takesBody(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let known = this.readsBody.get(handler);
    if (known === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as Record<string, unknown>;
      known = Object.keys(args).some((key) => READS_BODY.has(Number(key.split(':')[0])));
      this.readsBody.set(handler, known);
    }
    return known;
  }
}
