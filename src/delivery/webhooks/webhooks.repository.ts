import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import type { DomainEventPayloads, DomainEventType } from '../../events/event-types.js';
import { WebhookAttemptEntity } from './entities/webhook-attempt.entity.js';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity.js';
import { WebhookSubscriptionEntity } from './entities/webhook-subscription.entity.js';
import type { SecretKeyring } from './webhook-secret-cipher.js';

@Injectable()
export class WebhooksRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get subscriptions() {
    return this.tx.manager.getRepository(WebhookSubscriptionEntity);
  }

  private get deliveries() {
    return this.tx.manager.getRepository(WebhookDeliveryEntity);
  }

  insertSubscription(values: Pick<WebhookSubscriptionEntity, 'tenantId' | 'organisationId' | 'url' | 'eventTypes' | 'secretCiphertext' | 'secretKeyId' | 'secretKeyring'>) {
    return this.subscriptions.save(
      this.subscriptions.create({ ...values, enabled: true, disabledAt: null, disabledReason: null, previousSecretCiphertext: null, previousSecretKeyId: null, previousSecretExpiresAt: null }),
    );
  }

  /** The subscription under a row lock, so two rotations of one secret serialise instead of losing one new secret. */
  lockSubscription(organisationId: string, id: string): Promise<WebhookSubscriptionEntity | null> {
    return this.subscriptions.createQueryBuilder('s').setLock('pessimistic_write').where('s.organisation_id = :organisationId AND s.id = :id', { organisationId, id }).getOne();
  }

  findSubscription(organisationId: string, id: string): Promise<WebhookSubscriptionEntity | null> {
    return this.subscriptions.findOneBy({ organisationId, id });
  }

  listSubscriptions(organisationId: string): Promise<WebhookSubscriptionEntity[]> {
    return this.subscriptions.find({ where: { organisationId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async updateSubscription(id: string, changes: Partial<WebhookSubscriptionEntity>): Promise<void> {
    await this.subscriptions.update({ id }, changes);
  }

  /** Disables an enabled subscription; false when it was disabled (or deleted) already. */
  async disableIfEnabled(id: string, at: Date, reason: string): Promise<boolean> {
    const result = await this.subscriptions.createQueryBuilder().update().set({ enabled: false, disabledAt: at, disabledReason: reason }).where('id = :id AND enabled', { id }).execute();
    return (result.affected ?? 0) > 0;
  }

  /** False when it was gone already (a concurrent delete). */
  async deleteSubscription(id: string): Promise<boolean> {
    return ((await this.subscriptions.delete({ id })).affected ?? 0) > 0;
  }

  /**
   * One delivery per (subscription, event) for the enabled subscriptions of these organisations that want this
   * type — none when the event names restricted data (`eenplan_withheld_from_partners`, privacy requests) —;
   * returns every delivery of the event still pending (new or left by an earlier, interrupted run).
   */
  async createDeliveries(tenantId: string, eventId: string, eventType: string, organisationIds: string[]): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ id: string }>>(
      `WITH created AS (
         INSERT INTO webhook_delivery (tenant_id, subscription_id, event_id)
         SELECT s.tenant_id, s.id, $2 FROM webhook_subscription s
          WHERE s.tenant_id = $1 AND s.enabled AND s.organisation_id = ANY($4::uuid[]) AND ($3 = ANY(s.event_types) OR '*' = ANY(s.event_types))
            -- an event that names data under a restriction of processing (AVG art. 18) is not shared with partners
            AND NOT EXISTS (SELECT 1 FROM outbox_event e WHERE e.id = $2 AND eenplan_withheld_from_partners(e.household_id, e.payload))
         ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING id)
       SELECT id FROM created UNION SELECT id FROM webhook_delivery WHERE event_id = $2 AND status = 'pending'`,
      [tenantId, eventId, eventType, organisationIds],
    );
    return rows.map((r) => r.id);
  }

  findDelivery(id: string): Promise<WebhookDeliveryEntity | null> {
    return this.deliveries.findOneBy({ id });
  }

  async recordAttempt(deliveryId: string, attempt: Omit<WebhookAttemptEntity, 'id' | 'deliveryId'>, outcome: 'succeeded' | 'pending' | 'failed'): Promise<void> {
    await this.tx.manager.getRepository(WebhookAttemptEntity).insert({ deliveryId, ...attempt });
    await this.deliveries
      .createQueryBuilder()
      .update()
      .set({ attempts: () => 'attempts + 1', status: outcome, completedAt: outcome === 'pending' ? null : attempt.attemptedAt })
      .where('id = :deliveryId', { deliveryId })
      .execute();
  }

  /** A delivery whose event came under a restriction of processing before it was sent: it goes, unsent and unlogged. */
  async withhold(deliveryId: string): Promise<void> {
    await this.deliveries.delete({ id: deliveryId });
  }

  async markFailed(deliveryId: string, at: Date): Promise<void> {
    await this.deliveries.update({ id: deliveryId }, { status: 'failed', completedAt: at });
  }

  /** Pending deliveries of enabled subscriptions, every municipality, by id after `afterId` (keyset); run as the system. */
  async pendingDeliveryIds(limit: number, afterId?: string): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ id: string }>>(
      `SELECT d.id FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
        WHERE d.status = 'pending' AND s.enabled AND ($2::uuid IS NULL OR d.id > $2::uuid) ORDER BY d.id LIMIT $1`,
      [limit, afterId ?? null],
    );
    return rows.map((r) => r.id);
  }

  async resetForRedelivery(deliveryId: string): Promise<void> {
    await this.deliveries.update({ id: deliveryId }, { status: 'pending', completedAt: null });
  }

  async deliveriesPage(subscriptionId: string, limit: number, after?: [string, string]) {
    const qb = this.deliveries
      .createQueryBuilder('d')
      .innerJoin('outbox_event', 'e', 'e.id = d.event_id')
      .addSelect('e.type', 'event_type')
      .where('d.subscription_id = :subscriptionId', { subscriptionId });
    if (after) qb.andWhere('(d.created_at, d.id) < (:afterCreated, :afterId)', { afterCreated: after[0], afterId: after[1] });
    const { entities, raw } = await qb.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').limit(limit + 1).getRawAndEntities<{ event_type: string }>();
    const attempts = entities.length
      ? await this.tx.manager.getRepository(WebhookAttemptEntity).createQueryBuilder('a').where('a.delivery_id IN (:...ids)', { ids: entities.map((e) => e.id) }).orderBy('a.attempted_at', 'ASC').getMany()
      : [];
    return entities.map((e, i) => ({ delivery: e, eventType: raw[i]!.event_type, attempts: attempts.filter((a) => a.deliveryId === e.id) }));
  }

  async deliveryContext(deliveryId: string) {
    const [row] = await this.tx.manager.query<
      Array<{
        status: string;
        subscription_id: string;
        url: string;
        enabled: boolean;
        secret_ciphertext: string;
        secret_key_id: string;
        secret_keyring: SecretKeyring;
        previous_secret_ciphertext: string | null;
        previous_secret_key_id: string | null;
        previous_secret_expires_at: Date | null;
        tenant_id: string;
        organisation_id: string;
        event_id: string;
        type: DomainEventType;
        household_id: string | null;
        payload: DomainEventPayloads[DomainEventType];
        occurred_at: Date;
        withheld: boolean;
      }>
    >(
      `SELECT d.status, eenplan_withheld_from_partners(e.household_id, e.payload) AS withheld, s.id AS subscription_id, s.url, s.enabled, s.secret_ciphertext, s.secret_key_id, s.secret_keyring,
              s.previous_secret_ciphertext, s.previous_secret_key_id, s.previous_secret_expires_at, s.tenant_id, s.organisation_id,
              e.id::text AS event_id, e.type, e.household_id, e.payload, e.occurred_at
         FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id JOIN outbox_event e ON e.id = d.event_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    return row;
  }
}
