import { Inject, Injectable, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DatabaseNotifications, type NotificationSubscriber } from '../database/database-notifications.js';
import { TransactionHost } from '../database/transaction-host.js';

/**
 * The channel a database trigger notifies whenever a professional or an API client row changes (migration
 * 1764600400000): deactivation, roles, organisation, revocation, a rotated secret — whoever made the change (API,
 * CLI, SQL), on whichever replica.
 */
export const PRINCIPAL_CHANGED_CHANNEL = 'eenplan_principal_changed';

/** Bound on the entries kept; the oldest go first. */
const MAX_ENTRIES = 10_000;

interface Entry {
  value: object;
  expiresAt: number;
}

/**
 * The principal lookup of the auth guard (a token's professional, an API client with its service principal),
 * cached so an authenticated request costs no round trip for it — and forgotten as soon as any principal changes:
 * - every replica LISTENs on `PRINCIPAL_CHANGED_CHANNEL` and drops the whole cache on a notification (changes of
 *   people and clients are rare; dropping all is simple and obviously complete);
 * - while that LISTEN is not in force (not yet connected, or the connection was lost) the cache is bypassed, and it
 *   starts empty when LISTEN is in force again: a notification missed meanwhile cannot leave a stale entry;
 * - a lookup that was under way while a change was heard is not stored (the generation moved on);
 * - the process that makes a change drops the cache itself as its transaction commits, so its own next request
 *   never waits for the notification to come round;
 * - entries expire after PRINCIPAL_CACHE_MS in any case (0 switches the cache off).
 * Only found principals are kept: a refused token is looked up again on each attempt.
 */
@Injectable()
export class PrincipalCache implements NotificationSubscriber {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private listening = false;
  private started = false;

  constructor(
    private readonly notifications: DatabaseNotifications,
    private readonly tx: TransactionHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The cached value under `key`, else `load()` (stored when found and nothing changed meanwhile). */
  async lookup<T extends object>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const ttl = this.config.principalCacheMs;
    if (ttl <= 0) return load();
    this.start();
    if (!this.listening) return load();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > Date.now()) return hit.value as T;
    const generation = this.generation;
    const value = await load();
    if (value !== undefined && this.listening && generation === this.generation) {
      this.entries.delete(key);
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, expiresAt: Date.now() + ttl });
    }
    return value;
  }

  /**
   * A principal is being changed in the current transaction: drop the cache now and again when it commits (other
   * replicas hear it from the database trigger). Outside a transaction: now.
   */
  changing(): void {
    this.clear();
    if (this.tx.inTransaction) {
      this.tx.afterCommit(() => {
        this.clear();
        return Promise.resolve();
      });
    }
  }

  notified(): void {
    this.clear();
  }

  subscribed(): void {
    this.clear();
    this.listening = true;
  }

  lost(): void {
    this.listening = false;
    this.clear();
  }

  private clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.notifications.listen(PRINCIPAL_CHANGED_CHANNEL, this);
  }
}

/** The cache as a module of its own: the resolvers read it, and the repositories that change principals drop it. */
@Module({ providers: [PrincipalCache], exports: [PrincipalCache] })
export class PrincipalCacheModule {}
