import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';

export type AttemptError = 'no_answer' | 'refused_destination';

/** The delivery log: every HTTP attempt with its status code and duration. */
@Entity('webhook_attempt')
@Check('ck_webhook_attempt_error', `"error" IN ('no_answer', 'refused_destination')`)
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

  /**
   * Why there was no HTTP answer, coarsely: `no_answer` or `refused_destination`. Connection-level detail
   * (ECONNREFUSED, reset, timeout) would let a partner map ports through us, so it goes to the server log only.
   */
  @Column({ type: 'varchar', length: 200, nullable: true })
  error: AttemptError | null;
}
