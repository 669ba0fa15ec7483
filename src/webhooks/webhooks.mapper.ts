import type { WebhookDeliveryDto, WebhookDto } from './dto/webhook.dto.js';
import type { WebhookAttemptEntity } from './entities/webhook-attempt.entity.js';
import type { WebhookDeliveryEntity } from './entities/webhook-delivery.entity.js';
import type { WebhookSubscriptionEntity } from './entities/webhook-subscription.entity.js';

export const mapWebhook = (s: WebhookSubscriptionEntity): WebhookDto => ({
  id: s.id,
  organisationId: s.organisationId,
  url: s.url,
  eventTypes: s.eventTypes,
  enabled: s.enabled,
  disabledAt: s.disabledAt?.toISOString() ?? null,
  disabledReason: s.disabledReason,
  createdAt: s.createdAt.toISOString(),
});

export const mapDelivery = (row: { delivery: WebhookDeliveryEntity; eventType: string; attempts: WebhookAttemptEntity[] }): WebhookDeliveryDto => ({
  id: row.delivery.id,
  eventId: row.delivery.eventId,
  eventType: row.eventType,
  status: row.delivery.status,
  attempts: row.delivery.attempts,
  createdAt: row.delivery.createdAt.toISOString(),
  completedAt: row.delivery.completedAt?.toISOString() ?? null,
  log: row.attempts.map((a) => ({ attemptedAt: a.attemptedAt.toISOString(), statusCode: a.statusCode, durationMs: a.durationMs, error: a.error })),
});
