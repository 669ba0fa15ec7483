import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { OutboxEventEntity } from '../../../events/entities/outbox-event.entity.js';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity.js';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event for one subscription; at most one per pair, however often the fan-out runs. */
@Entity('webhook_delivery')
@Index('uq_webhook_delivery_subscription_event', ['subscriptionId', 'eventId'], { unique: true })
@Index('ix_webhook_delivery_subscription_created', ['subscriptionId', 'createdAt', 'id'])
// the deliveries of an event (the retention purge of a case file goes by its events)
@Index('ix_webhook_delivery_event', ['eventId'])
@Check('ck_webhook_delivery_status', `"status" IN ('pending', 'succeeded', 'failed')`)
@ForeignKey(() => WebhookSubscriptionEntity, ['tenantId', 'subscriptionId'], ['tenantId', 'id'], { name: 'fk_webhook_delivery_subscription', onDelete: 'CASCADE' })
@ForeignKey(() => OutboxEventEntity, ['eventId'], ['id'], { name: 'fk_webhook_delivery_event' })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  subscriptionId: string;

  @Column({ type: 'bigint' })
  eventId: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
