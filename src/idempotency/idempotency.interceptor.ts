import { createHash } from 'node:crypto';
import { HttpStatus, Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { PUBLIC_KEY } from '../auth/auth.decorators.js';
import { Clock } from '../common/clock.js';
import { defineErrors } from '../common/domain-error.js';
import { RequestContext } from '../common/request-context.js';
import { IdempotencyRepository } from './idempotency.repository.js';

const TTL_MS = 24 * 3_600_000;

const NO_REPLAY_KEY = 'eenplan:no-idempotent-replay';
/**
 * The answer carries a secret shown only once (API client credentials): it must never be stored for a replay, so
 * Idempotency-Key is ignored on this route.
 */
export const NoIdempotentReplay = () => SetMetadata(NO_REPLAY_KEY, true);

export const IdempotencyErrors = defineErrors({
  IDEMPOTENCY_KEY_INVALID: { status: 400, title: 'Invalid Idempotency-Key' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency-Key used for another request' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, title: 'The first request with this key is still running' },
});

/**
 * `Idempotency-Key` on any POST: the first successful answer is stored per caller and key for 24 hours, and a
 * replay gets that status and body (plus `Idempotent-Replayed: true`) without a second effect. The same key with
 * a different request is a 422; a replay while the first is still running is a 409. A request that fails
 * releases its key, so the caller can correct it and retry.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
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
    // public routes have no caller to key on (the token endpoint); secret answers are never stored
    const targets = [execution.getHandler(), execution.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) || this.reflector.getAllAndOverride<boolean>(NO_REPLAY_KEY, targets)) return next.handle();
    return from(this.handle(execution, request, String(key), next));
  }

  private async handle(execution: ExecutionContext, request: Request, key: string, next: CallHandler): Promise<unknown> {
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw IdempotencyErrors.create('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1–255 visible ASCII characters (a UUID is a good choice).', {
        errors: [{ field: 'Idempotency-Key', messages: ['must be 1–255 visible ASCII characters'] }],
      });
    }
    const actor = this.context.actor;
    const response = execution.switchToHttp().getResponse<Response>();
    const requestHash = createHash('sha256').update(`${request.method} ${request.originalUrl.split('?')[0]}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
    const now = this.clock.now();
    await this.records.removeExpired(actor.professionalId, key, now);
    if (!(await this.records.claim(actor.tenantId, actor.professionalId, key, requestHash, now, TTL_MS))) {
      const stored = await this.records.find(actor.professionalId, key, now);
      if (!stored) throw IdempotencyErrors.create('IDEMPOTENCY_IN_PROGRESS', 'Retry in a moment with the same key.');
      if (stored.requestHash !== requestHash) {
        throw IdempotencyErrors.create('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request in the last 24 hours. Use a new key for a new request.');
      }
      if (stored.state !== 'done') {
        response.setHeader('Retry-After', '1');
        throw IdempotencyErrors.create('IDEMPOTENCY_IN_PROGRESS', 'The first request with this key is still being processed. Retry in a moment with the same key.');
      }
      response.setHeader('Idempotent-Replayed', 'true');
      if (stored.location) response.setHeader('Location', stored.location);
      response.status(stored.status!);
      return stored.body;
    }
    try {
      const body: unknown = await lastValueFrom(next.handle() as Observable<unknown>, { defaultValue: undefined });
      const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, execution.getHandler()) ?? HttpStatus.CREATED;
      const location = response.getHeader('location');
      await this.records.complete(actor.professionalId, key, status, body, typeof location === 'string' ? location : null);
      return body;
    } catch (error) {
      await this.records.release(actor.professionalId, key);
      throw error;
    }
  }
}
