import { instantKey } from '../../common/precise-instant.js';
import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommonErrors } from '../../common/domain-error.js';
import { Clock } from '../../common/clock.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '../../common/pagination.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { RequestContext } from '../../common/request-context.js';
import { OrganisationErrors } from '../../organisations/organisations.errors.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import type { CreatedWebhookDto, CreateWebhookDto, RotatedWebhookSecretDto, UpdateWebhookDto, WebhookDeliveryDto, WebhookDto } from './dto/webhook.dto.js';
import { WebhookEgress } from './egress/webhook-egress.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookSecretCipher } from './webhook-secret-cipher.js';
import { WebhookErrors } from './webhooks.errors.js';
import { mapDelivery, mapWebhook } from './webhooks.mapper.js';
import { WebhooksRepository } from './webhooks.repository.js';

@Injectable()
export class WebhooksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: WebhooksRepository,
    private readonly organisations: OrganisationsService,
    private readonly dispatcher: WebhookDispatcher,
    private readonly cipher: WebhookSecretCipher,
    private readonly egress: WebhookEgress,
    private readonly tx: TransactionHost,
    private readonly context: RequestContext,
    private readonly clock: Clock,
  ) {}

  async create(organisationId: string, input: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const organisation = await this.requireManageable(organisationId);
    await this.egress.assertAllowed(input.url);
    const secret = newSecret();
    const { ciphertext, keyId } = this.cipher.encrypt(secret);
    const created = await this.tx.run(() =>
      this.webhooks.insertSubscription({
        tenantId: organisation.tenantId,
        organisationId,
        url: input.url,
        eventTypes: input.eventTypes,
        secretCiphertext: ciphertext,
        secretKeyId: keyId,
        secretKeyring: 'webhook',
      }),
    );
    return { ...mapWebhook(created), secret };
  }

  /**
   * A new secret, shown once. The current one becomes the previous secret and keeps signing next to the new one for
   * WEBHOOK_SECRET_OVERLAP_HOURS, so a partner can switch their verifier without losing a delivery; a secret older
   * than that is dropped. Both are stored under the webhook key, which also moves a secret still under the BSN key.
   */
  async rotateSecret(organisationId: string, hookId: string): Promise<RotatedWebhookSecretDto> {
    await this.requireManageable(organisationId);
    return this.tx.run(async () => {
      const current = await this.webhooks.lockSubscription(organisationId, hookId);
      if (!current) {
        throw WebhookErrors.create('WEBHOOK_NOT_FOUND', {
          nl: `Organisatie ${organisationId} heeft geen webhook met id ${hookId}.`,
          en: `Organisation ${organisationId} has no webhook with id ${hookId}.`,
        });
      }
      const overlapMs = this.config.webhooks.secretOverlapHours * 3_600_000;
      const previous = overlapMs > 0 ? this.cipher.encrypt(this.cipher.decrypt(current.secretCiphertext, current.secretKeyId, current.secretKeyring)) : null;
      const secret = newSecret();
      const next = this.cipher.encrypt(secret);
      const changes = {
        secretCiphertext: next.ciphertext,
        secretKeyId: next.keyId,
        secretKeyring: 'webhook' as const,
        previousSecretCiphertext: previous?.ciphertext ?? null,
        previousSecretKeyId: previous?.keyId ?? null,
        previousSecretExpiresAt: previous ? new Date(this.clock.now().getTime() + overlapMs) : null,
      };
      await this.webhooks.updateSubscription(hookId, changes);
      return { ...mapWebhook({ ...current, ...changes }), secret };
    });
  }

  async list(organisationId: string): Promise<WebhookDto[]> {
    await this.requireManageable(organisationId);
    return (await this.webhooks.listSubscriptions(organisationId)).map(mapWebhook);
  }

  async update(organisationId: string, hookId: string, input: UpdateWebhookDto): Promise<WebhookDto> {
    await this.requireSubscription(organisationId, hookId);
    if (input.url === undefined && input.eventTypes === undefined && input.enabled === undefined) {
      throw CommonErrors.create('NOTHING_TO_CHANGE', { nl: 'Stuur minstens één van url, eventTypes of enabled.', en: 'Send at least one of url, eventTypes or enabled.' });
    }
    if (input.url !== undefined) await this.egress.assertAllowed(input.url);
    await this.tx.run(() =>
      this.webhooks.updateSubscription(hookId, {
        ...(input.url !== undefined && { url: input.url }),
        ...(input.eventTypes !== undefined && { eventTypes: input.eventTypes }),
        ...(input.enabled !== undefined && { enabled: input.enabled, disabledAt: null, disabledReason: null }),
      }),
    );
    return mapWebhook(await this.requireSubscription(organisationId, hookId));
  }

  async remove(organisationId: string, hookId: string): Promise<void> {
    await this.requireSubscription(organisationId, hookId);
    // two deletes at once both found it: the second deleted nothing and answers as it would a moment later
    if (!(await this.tx.run(() => this.webhooks.deleteSubscription(hookId)))) throw webhookNotFound(organisationId, hookId);
  }

  async deliveries(organisationId: string, hookId: string, query: PageQueryDto): Promise<Page<WebhookDeliveryDto>> {
    await this.requireSubscription(organisationId, hookId);
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.webhooks.deliveriesPage(hookId, limit, after);
    return toPage(rows, limit, (r) => [instantKey(r.delivery.createdAt), r.delivery.id], mapDelivery);
  }

  /** Sends a delivery again (e.g. after the partner fixed their endpoint); a new job, same signed message id. */
  async redeliver(organisationId: string, hookId: string, deliveryId: string): Promise<void> {
    const subscription = await this.requireSubscription(organisationId, hookId);
    if (!subscription.enabled) {
      throw WebhookErrors.create('SUBSCRIPTION_DISABLED', {
        nl: 'Zet het abonnement weer aan (PATCH enabled=true) voordat u opnieuw aflevert.',
        en: 'Re-enable the subscription (PATCH enabled=true) before redelivering.',
      });
    }
    const delivery = await this.webhooks.findDelivery(deliveryId);
    if (!delivery || delivery.subscriptionId !== hookId) throw WebhookErrors.create('DELIVERY_NOT_FOUND', { nl: `Dit abonnement heeft geen aflevering met id ${deliveryId}.`, en: `This subscription has no delivery with id ${deliveryId}.` });
    await this.tx.run(async () => {
      await this.webhooks.resetForRedelivery(deliveryId);
      // the request's transaction commits after this method: a job enqueued now could find the delivery still failed
      this.tx.afterCommit(() => this.dispatcher.enqueue([deliveryId], Date.now()));
    });
  }

  private async requireSubscription(organisationId: string, hookId: string) {
    await this.requireManageable(organisationId);
    const subscription = await this.webhooks.findSubscription(organisationId, hookId);
    if (!subscription) throw webhookNotFound(organisationId, hookId);
    return subscription;
  }

  /**
   * Admins manage the webhooks of every organisation of their municipality; a partner API client (webhooks:manage)
   * only its own organisation's — any other answers 404, exactly like one that does not exist.
   */
  private async requireManageable(organisationId: string) {
    const actor = this.context.actor;
    if (actor.kind === 'client' && organisationId !== actor.organisationId) {
      throw OrganisationErrors.create('ORGANISATION_NOT_FOUND', {
        nl: `Er bestaat geen organisatie met id ${organisationId} in uw gemeente.`,
        en: `No organisation with id ${organisationId} exists in your municipality.`,
      });
    }
    return this.organisations.requireInTenant(organisationId);
  }
}

/** Standard Webhooks secret: whsec_ + base64 of 24 random bytes. */
const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

const webhookNotFound = (organisationId: string, hookId: string) =>
  WebhookErrors.create('WEBHOOK_NOT_FOUND', {
    nl: `Organisatie ${organisationId} heeft geen webhook met id ${hookId}.`,
    en: `Organisation ${organisationId} has no webhook with id ${hookId}.`,
  });
