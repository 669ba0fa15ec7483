import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { RATE_LIMIT_SUBJECT } from './rate-limit.guard.js';
import { failurePolicyFor, RateLimiter, RateLimitErrors, TOKEN_ENDPOINT } from './rate-limiter.js';

const WINDOW_MS = 60_000;
/** How long a credential that authenticated is let through a blocked address, after its last success; how many are kept. */
const AUTHENTICATED = { forMs: 10 * 60_000, max: 10_000 };

/**
 * Per-address limit on failed attempts, in front of everything else (mounted first in app.factory.ts, so before
 * authentication and body parsing). Every answer 401, and every failed token request, counts against the address
 * it came from; once an address has used up RATE_LIMIT_FAILURES_PER_MINUTE, all its requests get 429 until the
 * window ends. The per-caller limit (RateLimitGuard) runs after authentication and cannot see callers with bad
 * tokens — this one can. The address is `req.ip`, which believes X-Forwarded-For only from TRUST_PROXY hops.
 *
 * A bearer credential that authenticated lately (in this process) still goes through a blocked address: a block is
 * meant for whoever guesses, and an outside probe locked a whole office behind one NAT address out — valid tokens
 * and all — with a request a second. New credentials from that address, and the token endpoint, wait out the block.
 */
@Injectable()
export class FailedRequestLimiter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
  ) {}

  /** Express middleware. */
  readonly handle = (req: Request, res: Response, next: NextFunction): void => {
    if (req.path.startsWith('/health/')) {
      next();
      return;
    }
    const key = `fail:${req.ip ?? 'unknown'}`;
    const tokenRequest = req.path === TOKEN_ENDPOINT;
    const authorization = req.headers.authorization;
    this.limiter
      .peek(key, failurePolicyFor(req.path))
      .then((count) => {
        const limit = this.config.rateLimitFailuresPerMinute;
        if (count && count.hits >= limit && (tokenRequest || !this.authenticatedLately(authorization))) {
          const retryAfter = Math.max(1, Math.ceil(count.resetInMs / 1000));
          throw RateLimitErrors.create(
            'TOO_MANY_REQUESTS',
            {
              nl: `Te veel mislukte verzoeken (${limit} per minuut) vanaf uw adres. Wacht ${retryAfter} s (Retry-After) en controleer uw inloggegevens voordat u het opnieuw probeert.`,
              en: `Too many failed requests (${limit} a minute) came from your address. Wait ${retryAfter} s (Retry-After), and check your credentials before retrying.`,
            },
            { retryAfter },
          );
        }
        res.once('finish', () => {
          const failed = res.statusCode === 401 || (tokenRequest && res.statusCode >= 400 && res.statusCode < 500 && res.statusCode !== 429);
          if (failed) void this.limiter.record(key, WINDOW_MS);
          // the auth guard names the caller once the credential proved itself
          else if (authorization !== undefined && (req as unknown as Record<symbol, unknown>)[RATE_LIMIT_SUBJECT] !== undefined) this.authenticated(authorization);
        });
        next();
      })
      .catch(next);
  };

  private readonly lately = new Map<string, number>();

  private authenticated(authorization: string): void {
    // refreshed on every success (a Map keeps insertion order: the first key is the one unused longest)
    this.lately.delete(authorization);
    if (this.lately.size >= AUTHENTICATED.max) this.lately.delete(this.lately.keys().next().value!);
    this.lately.set(authorization, Date.now() + AUTHENTICATED.forMs);
  }

  private authenticatedLately(authorization: string | undefined): boolean {
    const until = authorization === undefined ? undefined : this.lately.get(authorization);
    return until !== undefined && until > Date.now();
  }
}
