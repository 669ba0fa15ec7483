import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { WORKER_DATA_SOURCE } from '../database/transaction-host.js';

export interface UndispatchedEvent {
  id: string;
  type: string;
  /** `occurred_at` in microseconds since the epoch: with the id, what names the event's job (`jobIds.event`). */
  occurredUs: string;
}

/** The relay's view of the outbox; it runs outside requests, on its own transactions, on the worker pool. */
@Injectable()
export class OutboxDispatchRepository {
  constructor(@Inject(WORKER_DATA_SOURCE) private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Claims a batch, oldest first: rows locked by another replica are skipped, so no event is dispatched twice at once.
   * Ordered by the column, not by the text alias `id` (which sorted '10' before '9' and every waiting row first).
   */
  claimBatch(manager: EntityManager, limit: number): Promise<UndispatchedEvent[]> {
    return manager.query<UndispatchedEvent[]>(
      `SELECT id::text AS id, type, (extract(epoch FROM occurred_at) * 1000000)::bigint::text AS "occurredUs"
         FROM outbox_event WHERE dispatched_at IS NULL ORDER BY outbox_event.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markDispatched(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(`UPDATE outbox_event SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** Events dispatched long ago but never processed (e.g. the queue's store lost them): hand them back to the relay. */
  async releaseStale(olderThanMs: number): Promise<number> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `WITH released AS (UPDATE outbox_event SET dispatched_at = NULL
        WHERE id IN (SELECT id FROM outbox_event WHERE processed_at IS NULL AND dispatched_at < now() - make_interval(secs => $1::double precision / 1000) LIMIT 1000)
        RETURNING id) SELECT id FROM released`,
      [olderThanMs],
    );
    return rows.length;
  }

  async lag(): Promise<{ undispatched: number; oldestAgeSeconds: number }> {
    const [row] = await this.dataSource.query<Array<{ n: number; age: number | null }>>(
      `SELECT count(*)::int AS n, EXTRACT(EPOCH FROM now() - min(occurred_at))::float AS age FROM outbox_event WHERE dispatched_at IS NULL`,
    );
    return { undispatched: row?.n ?? 0, oldestAgeSeconds: row?.age ?? 0 };
  }
}
