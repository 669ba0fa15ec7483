import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { DomainEvent } from './domain-event.js';
import { OutboxEventEntity } from './entities/outbox-event.entity.js';

/**
 * Writes domain events into the outbox inside the caller's transaction: no change without its event and no
 * event without its change. Must be called from within `TransactionHost.run`.
 */
@Injectable()
export class OutboxRepository {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
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
  }

  /** Events of one household, oldest first (tests and, later, the timeline). */
  listForHousehold(householdId: string): Promise<OutboxEventEntity[]> {
    return this.tx.manager.getRepository(OutboxEventEntity).find({ where: { householdId }, order: { id: 'ASC' } });
  }
}
