import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/**
 * Whether the database is reachable, as requests find out. The first request that fails because the database
 * is unavailable flips the state to down and logs it once; from then on a probe (its own short-lived
 * connection, bounded by the connect timeout) checks every second, and the first answer flips the state back
 * and logs that once. Requests meanwhile answer 503 with Retry-After (see the problem filter), never one log
 * line each.
 */
@Injectable()
export class DatabaseAvailability implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private downSince?: number;
  private probeTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get isDown(): boolean {
    return this.downSince !== undefined;
  }

  get retryAfterSeconds(): number {
    return this.config.database.retryAfterSeconds;
  }

  /** `reason` is an error code (SQLSTATE or network), never a message: messages may quote values. */
  reportUnavailable(reason: string): void {
    if (this.downSince !== undefined || this.closed) return;
    this.downSince = Date.now();
    this.logger.warn({ event: 'database.down', reason }, 'database unavailable: answering 503 with Retry-After until it is back');
    this.scheduleProbe();
  }

  onApplicationShutdown(): void {
    this.closed = true;
    clearTimeout(this.probeTimer);
  }

  private scheduleProbe(): void {
    if (this.closed) return;
    this.probeTimer = setTimeout(() => void this.probe(), 1_000);
    this.probeTimer.unref();
  }

  private async probe(): Promise<void> {
    const url = this.config.database.logins?.appUrl ?? this.config.databaseUrl;
    const timeout = this.config.database.connectTimeoutMs;
    const client = new pg.Client({ connectionString: url, application_name: 'eenplan-probe', connectionTimeoutMillis: timeout, query_timeout: timeout });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      const downForMs = Date.now() - (this.downSince ?? Date.now());
      this.downSince = undefined;
      if (!this.closed) this.logger.warn({ event: 'database.up', downForMs }, 'database available again');
    } catch {
      this.scheduleProbe();
    } finally {
      // a frozen server would never acknowledge a polite end(): drop the socket
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    }
  }
}
