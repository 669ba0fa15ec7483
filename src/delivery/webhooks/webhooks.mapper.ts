import type { WebhookAttemptDto, WebhookDeliveryDto, WebhookDto } from './dto/webhook.dto.js';
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
  previousSecretExpiresAt: s.previousSecretExpiresAt?.toISOString() ?? null,
});

export const mapDelivery = (row: { delivery: WebhookDeliveryEntity; eventType: string; attempts: WebhookAttemptEntity[] }): WebhookDeliveryDto => ({
  id: row.delivery.id,
  eventId: row.delivery.eventId,
  eventType: row.eventType,
  status: row.delivery.status,
  attempts: row.delivery.attempts,
  createdAt: row.delivery.createdAt.toISOString(),
  completedAt: row.delivery.completedAt?.toISOString() ?? null,
  log: row.attempts.map(mapAttempt),
});

/** Only what the partner needs; the duration of an attempt without an answer would tell a timeout from a refusal. */
export const mapAttempt = (a: WebhookAttemptEntity): WebhookAttemptDto => {
  const answered = a.statusCode !== null;
  return {
    attemptedAt: a.attemptedAt.toISOString(),
    delivered: answered && a.statusCode! >= 200 && a.statusCode! < 300,
    statusCode: a.statusCode,
    durationMs: answered ? a.durationMs : null,
    error: answered ? null : a.error === 'refused_destination' ? 'refused_destination' : 'no_answer',
  };
};
