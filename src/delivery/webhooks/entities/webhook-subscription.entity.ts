import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '../../../organisations/entities/organisation.entity.js';
import type { SecretKeyring } from '../webhook-secret-cipher.js';

/**
 * A partner organisation's webhook endpoint. The signing secret is stored encrypted; after a rotation the previous
 * secret is kept (encrypted) until `previousSecretExpiresAt`, and deliveries are signed with both until then.
 */
@Entity('webhook_subscription')
@Check('ck_webhook_subscription_secret_keyring', `"secret_keyring" IN ('webhook', 'bsn')`)
@Check(
  'ck_webhook_subscription_previous_secret',
  `("previous_secret_ciphertext" IS NULL) = ("previous_secret_key_id" IS NULL) AND ("previous_secret_ciphertext" IS NULL) = ("previous_secret_expires_at" IS NULL)`,
)
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

  /** `webhook`: WEBHOOK_SECRET_KEYS; `bsn`: a secret stored before those existed, still under the BSN key. */
  @Column({ type: 'varchar', length: 16 })
  secretKeyring: SecretKeyring;

  /** The secret before the last rotation, always under WEBHOOK_SECRET_KEYS; it still signs until it expires. */
  @Column({ type: 'text', nullable: true })
  previousSecretCiphertext: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  previousSecretKeyId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  disabledReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
