import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';

export interface StoredAnswer {
  requestHash: string;
  state: 'in_progress' | 'done';
  status: number | null;
  body: unknown;
  location: string | null;
  expired: boolean;
}

/**
 * Runs outside the request's transaction: the claim must be visible to a concurrent duplicate at once. Each
 * statement is a short transaction of its own, in the caller's tenant (row-level security).
 */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly tx: TransactionHost) {}

  private query<T>(sql: string, params: unknown[]): Promise<T> {
    return this.tx.run(() => this.tx.manager.query<T>(sql, params));
  }

  /** True when this request now owns the key. */
  async claim(tenantId: string, actorId: string, key: string, requestHash: string, now: Date, ttlMs: number): Promise<boolean> {
    const rows = await this.query<Array<{ key: string }>>(
      `INSERT INTO idempotency_record (actor_id, key, tenant_id, request_hash, state, created_at, expires_at)
       VALUES ($1, $2, $3, $4, 'in_progress', $5, $6) ON CONFLICT (actor_id, key) DO NOTHING RETURNING key`,
      [actorId, key, tenantId, requestHash, now, new Date(now.getTime() + ttlMs)],
    );
    return rows.length > 0;
  }

  async find(actorId: string, key: string, now: Date): Promise<StoredAnswer | undefined> {
    const [row] = await this.query<
      Array<{ request_hash: string; state: 'in_progress' | 'done'; response_status: number | null; response_body: unknown; response_location: string | null; expires_at: Date }>
    >('SELECT request_hash, state, response_status, response_body, response_location, expires_at FROM idempotency_record WHERE actor_id = $1 AND key = $2', [actorId, key]);
    return (
      row && {
        requestHash: row.request_hash,
        state: row.state,
        status: row.response_status,
        body: row.response_body,
        location: row.response_location,
        expired: row.expires_at <= now,
      }
    );
  }

  async complete(actorId: string, key: string, status: number, body: unknown, location: string | null): Promise<void> {
    await this.query(
      `UPDATE idempotency_record SET state = 'done', response_status = $3, response_body = $4::jsonb, response_location = $5 WHERE actor_id = $1 AND key = $2`,
      [actorId, key, status, JSON.stringify(body ?? null), location],
    );
  }

  async release(actorId: string, key: string): Promise<void> {
    await this.query('DELETE FROM idempotency_record WHERE actor_id = $1 AND key = $2', [actorId, key]);
  }

  async removeExpired(actorId: string, key: string, now: Date): Promise<void> {
    await this.query('DELETE FROM idempotency_record WHERE actor_id = $1 AND key = $2 AND expires_at <= $3', [actorId, key, now]);
  }
}
