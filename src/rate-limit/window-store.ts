import { Redis } from 'ioredis';

export interface WindowCount {
  hits: number;
  /** Milliseconds until this window ends. */
  resetInMs: number;
}

/** The counters could not be read or written (Redis unreachable). What follows is the caller's policy. */
export class WindowStoreUnavailable extends Error {}

/** Fixed-window request counters. */
export interface WindowStore {
  /** Counts one hit and returns the window's count including it. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** The window's count without counting; zero hits when there is no open window. */
  peek(key: string): Promise<WindowCount>;
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

  peek(key: string): Promise<WindowCount> {
    const now = Date.now();
    const window = this.windows.get(key);
    return Promise.resolve(window && window.endsAt > now ? { hits: window.hits, resetInMs: window.endsAt - now } : { hits: 0, resetInMs: 0 });
  }

  close(): void {
    this.windows.clear();
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}

/** How long a counter command may wait for Redis: a Redis that holds the connection open but does not answer. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
/** After a failed command the store is not asked for this long: requests do not each wait out a timeout. */
export const REDIS_PAUSE_AFTER_FAILURE_MS = 5_000;

/**
 * Counters in Redis, shared by all API replicas. Commands fail at once when Redis is unreachable (no offline
 * queue), and within `REDIS_COMMAND_TIMEOUT_MS` when it is reachable but does not answer (frozen, overloaded): every
 * request of every route asks the store, so without a time limit a silent Redis held every request for as long as
 * it was silent. After a failure the store answers "unavailable" at once for `REDIS_PAUSE_AFTER_FAILURE_MS`, then
 * tries Redis again. The caller decides, per route class, whether to let the request through (see RateLimiter).
 */
export class RedisWindowStore implements WindowStore {
  private readonly redis: Redis;
  private pausedUntil = 0;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, connectTimeout: 2_000 });
    this.redis.on('error', () => undefined);
  }

  hit(key: string, windowMs: number): Promise<WindowCount> {
    return this.ask(async () => {
      const redisKey = this.key(key);
      const results = await this.redis.multi().incr(redisKey).pttl(redisKey).exec();
      const hits = Number(results?.[0]?.[1] ?? 0);
      let resetInMs = Number(results?.[1]?.[1] ?? -1);
      if (resetInMs < 0) {
        await this.redis.pexpire(redisKey, windowMs);
        resetInMs = windowMs;
      }
      return { hits, resetInMs };
    });
  }

  peek(key: string): Promise<WindowCount> {
    return this.ask(async () => {
      const redisKey = this.key(key);
      const results = await this.redis.multi().get(redisKey).pttl(redisKey).exec();
      const hits = Number(results?.[0]?.[1] ?? 0);
      const resetInMs = Number(results?.[1]?.[1] ?? -1);
      return resetInMs < 0 ? { hits: 0, resetInMs: 0 } : { hits, resetInMs };
    });
  }

  private async ask(command: () => Promise<WindowCount>): Promise<WindowCount> {
    if (Date.now() < this.pausedUntil) throw new WindowStoreUnavailable('paused after a failed command');
    try {
      return await command();
    } catch (error) {
      this.pausedUntil = Date.now() + REDIS_PAUSE_AFTER_FAILURE_MS;
      throw new WindowStoreUnavailable((error as Error).message);
    }
  }

  close(): void {
    this.redis.disconnect();
  }

  private key(key: string): string {
    return `${this.prefix}:rate:${key}`;
  }
}
