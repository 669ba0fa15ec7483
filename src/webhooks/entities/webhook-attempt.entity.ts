import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';

/** The delivery log: every HTTP attempt with its status code and duration. */
@Entity('webhook_attempt')
@Index('ix_webhook_attempt_delivery', ['deliveryId', 'attemptedAt'])
@ForeignKey(() => WebhookDeliveryEntity, ['deliveryId'], ['id'], { name: 'fk_webhook_attempt_delivery', onDelete: 'CASCADE' })
export class WebhookAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  deliveryId: string;

  @Column({ type: 'timestamptz' })
  attemptedAt: Date;

  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ type: 'int' })
  durationMs: number;

  /** Network error class (timeout, refused); never the response body. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  error: string | null;
}
