import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { DomainEvent } from './domain-event.js';
import { OutboxEventEntity } from './entities/outbox-event.entity.js';
import { OutboxWakeUp } from './outbox-wake-up.js';

/**
 * Writes domain events into the outbox inside the caller's transaction: no change without its event and no
 * event without its change, and the relays are woken once it commits (`OutboxWakeUp`). Must be called from within
 * `TransactionHost.run`.
 */
@Injectable()
export class OutboxRepository {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly wakeUp: OutboxWakeUp,
  ) {}

  async record(...events: DomainEvent[]): Promise<void> {
    await this.recordAt(this.clock.now(), ...events);
  }

  /** With the change's own timestamp, so "who was involved at that moment" is exact for the fan-out. */
  async recordAt(occurredAt: Date, ...events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const repo = this.tx.manager.getRepository(OutboxEventEntity);
    const rows = events.map((e) => {
      const row = new OutboxEventEntity();
      Object.assign(row, {
        tenantId: e.tenantId,
        type: e.type,
        aggregateType: e.aggregateType,
        aggregateId: e.aggregateId,
        householdId: e.householdId ?? null,
        actorId: e.actorId ?? null,
        payload: e.payload ?? {},
        occurredAt,
        dispatchedAt: null,
        processedAt: null,
      });
      return row;
    });
    await repo.insert(rows);
    this.wakeUp.afterCommit();
  }

  /**
   * The same rows as `record`, as an `INSERT … SELECT` for a statement that also writes the change (data-modifying
   * CTEs): the events are written once for each row of `gate` — a CTE of that statement that yields one row when the
   * change went through and none when it did not — so the change and its events are one round trip and still
   * all-or-nothing. Values go through `param` (positional parameters of the enclosing statement).
   */
  insertSql(events: DomainEvent[], gate: string, param: (value: unknown) => string): string {
    if (events.length === 0) throw new Error('insertSql without events');
    this.wakeUp.afterCommit();
    const occurredAt = param(this.clock.now());
    const rows = events.map(
      (e) =>
        `(${param(e.tenantId)}::uuid, ${param(e.type)}::varchar, ${param(e.aggregateType)}::varchar, ${param(e.aggregateId)}::uuid, ` +
        `${param(e.householdId ?? null)}::uuid, ${param(e.actorId ?? null)}::uuid, ${param(JSON.stringify(e.payload ?? {}))}::jsonb, ${occurredAt}::timestamptz)`,
    );
    return (
      `INSERT INTO outbox_event (tenant_id, type, aggregate_type, aggregate_id, household_id, actor_id, payload, occurred_at) ` +
      `SELECT e.* FROM (VALUES ${rows.join(', ')}) AS e (tenant_id, type, aggregate_type, aggregate_id, household_id, actor_id, payload, occurred_at) ` +
      `WHERE EXISTS (SELECT 1 FROM ${gate})`
    );
  }

  /** Events of one household, oldest first (tests and, later, the timeline). */
  listForHousehold(householdId: string): Promise<OutboxEventEntity[]> {
    return this.tx.manager.getRepository(OutboxEventEntity).find({ where: { householdId }, order: { id: 'ASC' } });
  }
}
