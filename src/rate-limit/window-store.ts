import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

export interface WindowCount {
  hits: number;
  /** Milliseconds until this window ends. */
  resetInMs: number;
}

/** Fixed-window request counters. */
export interface WindowStore {
  hit(key: string, windowMs: number): Promise<WindowCount>;
  close(): void;
}

export class MemoryWindowStore implements WindowStore {
  private readonly windows = new Map<string, { hits: number; endsAt: number }>();

  hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      if (this.windows.size > 100_000) this.sweep(now);
      window = { hits: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.hits += 1;
    return Promise.resolve({ hits: window.hits, resetInMs: window.endsAt - now });
  }

  close(): void {
    this.windows.clear();
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}

/**
 * Counters in Redis, shared by all API replicas. When Redis is unreachable requests are let through (and this is
 * logged now and then): the limit protects the service, it must not take it down.
 */
export class RedisWindowStore implements WindowStore {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;
  private failures = 0;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => undefined);
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const redisKey = `${this.prefix}:rate:${key}`;
    try {
      const results = await this.redis.multi().incr(redisKey).pttl(redisKey).exec();
      const hits = Number(results?.[0]?.[1] ?? 0);
      let resetInMs = Number(results?.[1]?.[1] ?? -1);
      if (resetInMs < 0) {
        await this.redis.pexpire(redisKey, windowMs);
        resetInMs = windowMs;
      }
      return { hits, resetInMs };
    } catch (error) {
      if (this.failures++ % 100 === 0) this.logger.warn({ reason: (error as Error).message }, 'rate-limit store unavailable; requests are not limited');
      return { hits: 0, resetInMs: windowMs };
    }
  }

  close(): void {
    this.redis.disconnect();
  }
}
