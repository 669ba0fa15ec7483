import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '../../organisations/entities/organisation.entity.js';

/** A partner organisation's webhook endpoint. The signing secret is stored encrypted. */
@Entity('webhook_subscription')
@Unique('uq_webhook_subscription_tenant_id', ['tenantId', 'id'])
@Index('ix_webhook_subscription_organisation', ['organisationId'])
@ForeignKey(() => OrganisationEntity, ['tenantId', 'organisationId'], ['tenantId', 'id'], { name: 'fk_webhook_subscription_organisation' })
export class WebhookSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Column({ type: 'varchar', length: 64, array: true })
  eventTypes: string[];

  @Column({ type: 'text' })
  secretCiphertext: string;

  @Column({ type: 'varchar', length: 32 })
  secretKeyId: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  disabledReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
