import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';

export interface StoredAnswer {
  requestHash: string;
  state: 'in_progress' | 'done';
  status: number | null;
  /** Null when withheld (the answer showed a secret). */
  body: unknown;
  location: string | null;
  etag: string | null;
  withheld: boolean;
  /** What the caller could see of the households the answer concerns, then (`readerScopeKey`); null before it was kept. */
  readerScope: string | null;
}

/** What is kept of a successful first answer. */
export interface AnswerToKeep {
  status: number;
  body: unknown;
  location: string | null;
  etag: string | null;
  /** The answer showed a secret: keep only that it succeeded (and where), never the body. */
  withheld: boolean;
  readerScope: string | null;
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

  /** The record of this caller and key, unless it has expired: an expired answer is never served. */
  async find(actorId: string, key: string, now: Date): Promise<StoredAnswer | undefined> {
    const [row] = await this.query<
      Array<{
        request_hash: string;
        state: 'in_progress' | 'done';
        response_status: number | null;
        response_body: unknown;
        response_location: string | null;
        response_etag: string | null;
        response_withheld: boolean;
        reader_scope: string | null;
      }>
    >(
      `SELECT request_hash, state, response_status, response_body, response_location, response_etag, response_withheld, reader_scope
       FROM idempotency_record WHERE actor_id = $1 AND key = $2 AND expires_at > $3`,
      [actorId, key, now],
    );
    return (
      row && {
        requestHash: row.request_hash,
        state: row.state,
        status: row.response_status,
        body: row.response_body,
        location: row.response_location,
        etag: row.response_etag,
        withheld: row.response_withheld,
        readerScope: row.reader_scope,
      }
    );
  }

  async complete(actorId: string, key: string, answer: AnswerToKeep): Promise<void> {
    await this.query(
      `UPDATE idempotency_record SET state = 'done', response_status = $3, response_body = $4::jsonb, response_location = $5, response_etag = $6,
         response_withheld = $7, reader_scope = $8
       WHERE actor_id = $1 AND key = $2`,
      [actorId, key, answer.status, answer.withheld ? null : JSON.stringify(answer.body ?? null), answer.location, answer.etag, answer.withheld, answer.readerScope],
    );
  }

  async release(actorId: string, key: string): Promise<void> {
    await this.query('DELETE FROM idempotency_record WHERE actor_id = $1 AND key = $2', [actorId, key]);
  }

  async removeExpired(actorId: string, key: string, now: Date): Promise<void> {
    await this.query('DELETE FROM idempotency_record WHERE actor_id = $1 AND key = $2 AND expires_at <= $3', [actorId, key, now]);
  }

  /**
   * Deletes up to `limit` expired records of every tenant; returns how many. System work (the worker pool): the
   * sweep belongs to no request. SKIP LOCKED lets two replicas sweep at once without waiting for each other.
   */
  async sweepExpired(now: Date, limit: number): Promise<number> {
    const [row] = await this.query<Array<{ n: number }>>(
      `WITH gone AS (
         DELETE FROM idempotency_record WHERE ctid = ANY (ARRAY(
           SELECT ctid FROM idempotency_record WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
         )) RETURNING 1
       ) SELECT count(*)::int AS n FROM gone`,
      [now, limit],
    );
    return row?.n ?? 0;
  }
}
