import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { failurePolicyFor, RateLimiter, RateLimitErrors } from './rate-limiter.js';

export { RateLimitErrors } from './rate-limiter.js';

/** Set by the auth guard, which runs first: limits are per professional, and per address before sign-in. */
export const RATE_LIMIT_SUBJECT = Symbol('rateLimitSubject');

const WINDOW_MS = 60_000;

/**
 * Per-caller limit on the API: 429 problem+json with Retry-After. Counted in Redis when configured, so all
 * replicas share one budget; in memory otherwise. Health and metrics are not limited. Failed attempts are also
 * limited per address before authentication (FailedRequestLimiter). (@nestjs/throttler was the plan, but as a
 * CommonJS package it cannot load the ESM-only NestJS 12 under Jest: require(esm) cycle.)
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const request = execution.switchToHttp().getRequest<Request & Record<symbol, unknown>>();
    if (request.path.startsWith('/health') || request.path === '/metrics') return true;
    const professionalId = request[RATE_LIMIT_SUBJECT];
    const subject = typeof professionalId === 'string' ? professionalId : `ip:${request.ip ?? 'unknown'}`;
    const count = await this.limiter.hit(subject, WINDOW_MS, failurePolicyFor(request.path));
    if (!count) return true;
    const { hits, resetInMs } = count;
    const response = execution.switchToHttp().getResponse<Response>();
    const limit = this.config.rateLimitPerMinute;
    response.setHeader('RateLimit-Limit', String(limit));
    response.setHeader('RateLimit-Remaining', String(Math.max(0, limit - hits)));
    if (hits > limit) {
      const retryAfter = Math.max(1, Math.ceil(resetInMs / 1000));
      throw RateLimitErrors.create('TOO_MANY_REQUESTS', {
        nl: `U hebt meer dan ${limit} verzoeken in een minuut gestuurd. Wacht ${retryAfter} s (Retry-After) en probeer het dan opnieuw.`,
        en: `You sent more than ${limit} requests in a minute. Wait ${retryAfter} s (Retry-After), then retry.`,
      }, { retryAfter });
    }
    return true;
  }
}
