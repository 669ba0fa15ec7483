import { DOMAIN_EVENTS, type DomainEventPayloads, type DomainEventType } from '../../events/event-types.js';

/** The thin payload partners receive: event type, ids and links — details are fetched through the API under their own rights. */
export interface WebhookPayload {
  type: DomainEventType;
  eventId: string;
  occurredAt: string;
  data: Record<string, unknown>;
  links: Record<string, string>;
}

export function buildWebhookPayload(
  event: { event_id: string; type: DomainEventType; household_id: string | null; payload: DomainEventPayloads[DomainEventType]; occurred_at: Date },
  apiBase: string,
): WebhookPayload {
  const links: Record<string, string> = {};
  if (event.household_id) {
    links.household = `${apiBase}/households/${event.household_id}`;
    // events of the plan and its actions link to the plan too
    const aggregate = DOMAIN_EVENTS[event.type].aggregate;
    if (aggregate === 'plan' || aggregate === 'action') links.plan = `${apiBase}/households/${event.household_id}/plan`;
  }
  return {
    type: event.type,
    eventId: event.event_id,
    occurredAt: event.occurred_at.toISOString(),
    data: { ...(event.household_id && { householdId: event.household_id }), ...event.payload },
    links,
  };
}

/**
 * Exponential backoff capped at four hours: with the default 12 attempts and a 10 s base the last try is
 * about 19 hours after the first, so a partner has most of a day to recover.
 */
export function webhookBackoff(attemptsMade: number, baseMs: number): number {
  return Math.min(baseMs * 3 ** Math.max(0, attemptsMade - 1), 4 * 3_600_000);
}
