import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ProfessionalEntity } from '../../../professionals/entities/professional.entity.js';

@Entity('notification_preference')
@Check('ck_notification_preference_language', `"language" IN ('nl', 'en')`)
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'professionalId'], ['tenantId', 'id'], { name: 'fk_notification_preference_professional' })
export class NotificationPreferenceEntity {
  @PrimaryColumn({ type: 'uuid' })
  professionalId: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'boolean', default: false })
  emailEnabled: boolean;

  @Column({ type: 'varchar', length: 2, default: 'nl' })
  language: 'nl' | 'en';

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
