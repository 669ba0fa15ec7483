import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { OutboxEventEntity } from '../../../events/entities/outbox-event.entity.js';
import { ProfessionalEntity } from '../../../professionals/entities/professional.entity.js';

/** An in-app inbox item: exactly one per (event, recipient), whatever the queue does. */
@Entity('notification')
@Index('uq_notification_event_recipient', ['eventId', 'professionalId'], { unique: true })
@Index('ix_notification_inbox', ['professionalId', 'createdAt', 'id'])
@Index('ix_notification_unread', ['professionalId', 'createdAt', 'id'], { where: '"read_at" IS NULL' })
// a household's notices (the retention purge of a case file, an erasure)
@Index('ix_notification_household', ['householdId'])
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'professionalId'], ['tenantId', 'id'], { name: 'fk_notification_professional' })
@ForeignKey(() => OutboxEventEntity, ['eventId'], ['id'], { name: 'fk_notification_event' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  professionalId: string;

  @Column({ type: 'bigint' })
  eventId: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'uuid', nullable: true })
  householdId: string | null;

  /** Ids and codes only, copied from the event. */
  @Column({ type: 'jsonb' })
  payload: { [key: string]: string | number | boolean | null | string[] };

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  /** Set once the e-mail for this item went out (or was skipped), so a retried job never mails twice. */
  @Column({ type: 'timestamptz', nullable: true })
  emailedAt: Date | null;
}
