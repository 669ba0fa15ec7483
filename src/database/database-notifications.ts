import { AsyncResource } from 'node:async_hooks';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';
import { logAfterGrace, warnUnlessStopping } from '../common/process-stopping.js';
import { APP_CONFIG } from '../config/config.module.js';

/** Told about one LISTEN channel. */
export interface NotificationSubscriber {
  /** A notification arrived (delivered at the notifying transaction's commit). */
  notified(payload: string): void;
  /**
   * LISTEN is in force — the first time, or again after the connection was lost. Whatever was notified while it was
   * down never arrives: a cache must start afresh here.
   */
  subscribed(): void;
  /** The connection is gone: nothing arrives until `subscribed` is called again. */
  lost(): void;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * One LISTEN connection per process, opened on the first subscription (a CLI that never subscribes never opens
 * it), for every feature that must hear about changes made by other replicas. Like the outbox relay's listener it
 * reconnects with backoff (0.25 s doubling to 5 s) when the connection drops — PostgreSQL restarted, a failover, a
 * network cut — and tells each subscriber when it is lost and when it listens again, so no subscriber trusts what
 * it may have missed.
 */
@Injectable()
export class DatabaseNotifications implements OnApplicationShutdown {
  private readonly logger = new Logger('DatabaseNotifications');
  private readonly channels = new Map<string, NotificationSubscriber[]>();
  private client?: pg.Client;
  private connecting = false;
  private stopped = false;
  private attempts = 0;
  private retry?: NodeJS.Timeout;
  /**
   * The context the service was made in (no request): the first subscription often comes while a request is handled,
   * and a connection opened there kept that request's id in every line it logged, for as long as the process ran.
   */
  private readonly outsideRequests = new AsyncResource('eenplan.notifications');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Subscribes to `channel`; `subscriber.subscribed()` follows once LISTEN is in force. */
  listen(channel: string, subscriber: NotificationSubscriber): void {
    if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
    if (this.stopped) return;
    const known = this.channels.get(channel);
    if (known) known.push(subscriber);
    else this.channels.set(channel, [subscriber]);
    const client = this.client;
    if (client) {
      if (known) subscriber.subscribed();
      else client.query(`LISTEN ${channel}`).then(() => this.client === client && subscriber.subscribed(), () => undefined);
      return;
    }
    this.outsideRequests.runInAsyncScope(() => void this.connect());
  }

  /** Whether LISTEN is in force (for tests and metrics). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.connecting || this.client) return;
    this.connecting = true;
    const client = new pg.Client({
      connectionString: this.config.database.logins?.workerUrl ?? this.config.databaseUrl,
      application_name: 'eenplan-notifications',
      connectionTimeoutMillis: this.config.database.connectTimeoutMs,
    });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      client.end().catch(() => undefined);
      if (this.client === client) {
        this.client = undefined;
        this.each((s) => s.lost());
      }
      if (this.stopped) return;
      if (this.attempts === 0 || this.attempts % 20 === 0) warnUnlessStopping(this.logger, { reason }, 'notification listener lost; listening again');
      this.schedule();
    };
    client.on('notification', (message) => {
      for (const subscriber of this.channels.get(message.channel) ?? []) subscriber.notified(message.payload ?? '');
    });
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('connection ended'));
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
      if (lost || this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      if (this.attempts > 0) logAfterGrace(this.logger, { attempts: this.attempts }, 'notification listener listening again');
      this.attempts = 0;
      this.each((s) => s.subscribed());
    } catch (error) {
      onLost((error as Error).message);
    } finally {
      this.connecting = false;
    }
  }

  private schedule(): void {
    if (this.stopped || this.retry) return;
    this.attempts += 1;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, Math.min(250 * 2 ** (this.attempts - 1), 5_000));
    this.retry.unref();
  }

  private each(call: (subscriber: NotificationSubscriber) => void): void {
    for (const subscribers of this.channels.values()) for (const subscriber of subscribers) call(subscriber);
  }
}
