import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TenantEntity } from '../../tenants/entities/tenant.entity.js';

/**
 * Transactional outbox: every state change writes its domain event in the same transaction. Payloads hold
 * ids only — never personal data. A relay (events issue) moves undispatched rows to the queue.
 */
@Entity('outbox_event')
@Index('ix_outbox_event_undispatched', ['id'], { where: '"dispatched_at" IS NULL' })
@Index('ix_outbox_event_household', ['householdId', 'id'])
@Index('ix_outbox_event_household_occurred', ['householdId', 'occurredAt', 'id'])
@Index('ix_outbox_event_unprocessed', ['dispatchedAt'], { where: '"processed_at" IS NULL AND "dispatched_at" IS NOT NULL' })
@ForeignKey(() => TenantEntity, ['tenantId'], ['id'], { name: 'fk_outbox_event_tenant' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'varchar', length: 32 })
  aggregateType: string;

  @Column({ type: 'uuid' })
  aggregateId: string;

  @Column({ type: 'uuid', nullable: true })
  householdId: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'jsonb' })
  payload: { [key: string]: string | number | boolean | null | string[] };

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  /** Set by the fan-out once notifications exist; a sweeper re-queues dispatched events that never got here. */
  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
