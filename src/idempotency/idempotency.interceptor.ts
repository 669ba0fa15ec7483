import { HttpStatus, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { routeOf } from '../audit/audit-trail.service.js';
import { PUBLIC_KEY } from '../auth/auth.decorators.js';
import { Clock } from '../common/clock.js';
import { RequestContext } from '../common/request-context.js';
import { RESPONSE_CARRIES_SECRET_KEY } from './idempotency.decorators.js';
import { IdempotencyErrors } from './idempotency.errors.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { answerScopeOf, holdsSecret, markReplay } from './replay.js';
import { legacyRequestFingerprint, requestFingerprint } from './request-fingerprint.js';

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/**
 * `Idempotency-Key` on any POST: the first successful answer is stored per caller and key for 24 hours, and a
 * replay gets that status, body, `Location` and `ETag` (plus `Idempotent-Replayed: true`) without a second
 * effect. The same key with a different request is a 422; a replay while the first is still running is a 409. A
 * request that fails releases its key, so the caller can correct it and retry.
 *
 * This interceptor runs outside the request transaction (its claim must be visible to a concurrent duplicate at
 * once, so it needs short transactions of its own). It does not answer a replay itself: it marks the request and
 * lets it continue through the request transaction and the audit collector to `IdempotentReplayInterceptor`,
 * which checks that the caller may still see what the answer holds and has the replay audited. Guards (roles,
 * client scopes) have run before any interceptor, for a replay as for any request.
 *
 * An answer that shows a secret (`@ResponseCarriesSecret()`, or any answer holding a secret in a format Eenplan
 * issues) is never stored: the record keeps only that the request succeeded, and a replay is refused with 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly records: IdempotencyRepository,
    private readonly context: RequestContext,
    private readonly reflector: Reflector,
    private readonly clock: Clock,
  ) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = execution.switchToHttp().getRequest<Request>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return next.handle();
    // public routes have no caller to key on (the token endpoint, whose answer is a token anyway)
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [execution.getHandler(), execution.getClass()])) return next.handle();
    return from(this.handle(execution, request, String(key), next));
  }

  private async handle(execution: ExecutionContext, request: Request, key: string, next: CallHandler): Promise<unknown> {
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw IdempotencyErrors.create('IDEMPOTENCY_KEY_INVALID', {
        nl: 'Idempotency-Key moet uit 1–255 zichtbare ASCII-tekens bestaan (een UUID is een goede keuze).',
        en: 'Idempotency-Key must be 1–255 visible ASCII characters (a UUID is a good choice).',
      }, {
        errors: [{ field: 'Idempotency-Key', messages: [{ nl: 'moet uit 1–255 zichtbare ASCII-tekens bestaan', en: 'must be 1–255 visible ASCII characters' }] }],
      });
    }
    const actor = this.context.actor;
    const response = execution.switchToHttp().getResponse<Response>();
    const requestHash = requestFingerprint(request.method, request.originalUrl, request.body);
    const now = this.clock.now();
    await this.records.removeExpired(actor.professionalId, key, now);
    if (!(await this.records.claim(actor.tenantId, actor.professionalId, key, requestHash, now, IDEMPOTENCY_TTL_MS))) {
      const stored = await this.records.find(actor.professionalId, key, now);
      if (!stored) {
        throw IdempotencyErrors.create('IDEMPOTENCY_IN_PROGRESS', {
          nl: 'Probeer het zo opnieuw met dezelfde sleutel.',
          en: 'Retry in a moment with the same key.',
        });
      }
      if (stored.requestHash !== requestHash && stored.requestHash !== legacyRequestFingerprint(request.method, request.originalUrl, request.body)) {
        throw IdempotencyErrors.create('IDEMPOTENCY_KEY_REUSED', {
          nl: 'Deze Idempotency-Key is in de afgelopen 24 uur gebruikt voor een ander verzoek. Gebruik een nieuwe sleutel voor een nieuw verzoek.',
          en: 'This Idempotency-Key was used for a different request in the last 24 hours. Use a new key for a new request.',
        });
      }
      if (stored.state !== 'done') {
        response.setHeader('Retry-After', '1');
        throw IdempotencyErrors.create('IDEMPOTENCY_IN_PROGRESS', {
          nl: 'Het eerste verzoek met deze sleutel wordt nog verwerkt. Probeer het zo opnieuw met dezelfde sleutel.',
          en: 'The first request with this key is still being processed. Retry in a moment with the same key.',
        });
      }
      // a replay: answered further in, inside the request transaction, after the access check (no release on failure:
      // the record belongs to the first request, which succeeded)
      markReplay(request, stored);
      return lastValueFrom(next.handle() as Observable<unknown>, { defaultValue: undefined });
    }
    try {
      const body: unknown = await lastValueFrom(next.handle() as Observable<unknown>, { defaultValue: undefined });
      const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, execution.getHandler()) ?? HttpStatus.CREATED;
      const location = response.getHeader('location');
      const etag = response.getHeader('etag');
      const marked = this.reflector.getAllAndOverride<boolean>(RESPONSE_CARRIES_SECRET_KEY, [execution.getHandler(), execution.getClass()]) === true;
      const withheld = marked || holdsSecret(body);
      if (withheld && !marked) this.logger.warn({ route: routeOf(request) }, 'an answer holding a secret was not stored for replay; mark its route @ResponseCarriesSecret()');
      await this.records.complete(actor.professionalId, key, {
        status,
        body,
        location: typeof location === 'string' ? location : null,
        etag: typeof etag === 'string' ? etag : null,
        withheld,
        readerScope: answerScopeOf(request),
      });
      return body;
    } catch (error) {
      await this.records.release(actor.professionalId, key);
      throw error;
    }
  }
}
