import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { defineErrors } from '../common/domain-error.js';
import { OAUTH_TOKEN_PATH } from '../common/http.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MemoryWindowStore, RedisWindowStore, WindowStoreUnavailable, type WindowCount, type WindowStore } from './window-store.js';

export const RateLimitErrors = defineErrors({
  TOO_MANY_REQUESTS: { status: 429, title: { nl: 'Te veel verzoeken', en: 'Too many requests' } },
  /** The limiter's store is down on a route that must not run unlimited (the token endpoint). */
  RATE_LIMIT_UNAVAILABLE: { status: 503, title: { nl: 'Tijdelijk niet beschikbaar', en: 'Temporarily unavailable' } },
});

/** The token endpoint's full path: it fails closed, and its failed requests count against the address. */
export const TOKEN_ENDPOINT = `/api/v1${OAUTH_TOKEN_PATH}`;

/**
 * What to do when the counters cannot be read. `closed`: refuse (503 + Retry-After) — the token endpoint, where
 * an unlimited window means unlimited secret guessing. `open`: let the request through — every other route is
 * behind a verified token, and taking the whole API down with Redis would hurt families more than an hour
 * without a per-user limit. See docs/SECURITY.md.
 */
export type FailurePolicy = 'open' | 'closed';

export const failurePolicyFor = (path: string): FailurePolicy => (path === TOKEN_ENDPOINT ? 'closed' : 'open');

/** Seconds a client is told to wait when the limiter is down and the route fails closed. */
const UNAVAILABLE_RETRY_AFTER_S = 5;

/**
 * The counters behind both limiters (per caller after authentication, per address before it), in Redis when
 * configured so every replica shares one budget, in memory otherwise. It logs only when the store's state
 * changes (unavailable / available again), never per request, and never an address.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly store: WindowStore;
  private available = true;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.store = config.redisUrl ? new RedisWindowStore(config.redisUrl, config.queue.prefix) : new MemoryWindowStore();
  }

  /** Counts a request; undefined when the store is down and the policy lets it through. */
  hit(key: string, windowMs: number, policy: FailurePolicy): Promise<WindowCount | undefined> {
    return this.guarded(() => this.store.hit(key, windowMs), policy);
  }

  /** Reads a window without counting; undefined when the store is down and the policy lets it through. */
  peek(key: string, policy: FailurePolicy): Promise<WindowCount | undefined> {
    return this.guarded(() => this.store.peek(key), policy);
  }

  /** Counts without a decision to make (after the response): a store failure is only noted. */
  async record(key: string, windowMs: number): Promise<void> {
    await this.guarded(() => this.store.hit(key, windowMs), 'open');
  }

  onApplicationShutdown(): void {
    this.store.close();
  }

  private async guarded(operation: () => Promise<WindowCount>, policy: FailurePolicy): Promise<WindowCount | undefined> {
    try {
      const count = await operation();
      if (!this.available) {
        this.available = true;
        this.logger.log('rate-limit store available again: limits apply');
      }
      return count;
    } catch (error) {
      if (!(error instanceof WindowStoreUnavailable)) throw error;
      if (this.available) {
        this.available = false;
        this.logger.warn({ reason: error.message }, 'rate-limit store unavailable: the token endpoint answers 503, other routes are not limited');
      }
      if (policy === 'open') return undefined;
      throw RateLimitErrors.create('RATE_LIMIT_UNAVAILABLE', {
        nl: `Verzoeken aan dit endpoint kunnen op dit moment niet worden geteld. Probeer het over ${UNAVAILABLE_RETRY_AFTER_S} s opnieuw (Retry-After).`,
        en: `Requests to this endpoint cannot be counted at the moment. Retry in ${UNAVAILABLE_RETRY_AFTER_S} s (Retry-After).`,
      }, {
        retryAfter: UNAVAILABLE_RETRY_AFTER_S,
      });
    }
  }
}
