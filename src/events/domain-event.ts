import { DOMAIN_EVENTS, type AggregateType, type DomainEventPayloads, type DomainEventType } from './event-types.js';

export { DOMAIN_EVENT_TYPES, PARTNER_EVENT_TYPES, isDomainEventType, type DomainEventPayloads, type DomainEventType } from './event-types.js';

/** A domain event as written to the outbox: a discriminated union on `type`, each with its own payload type. */
export type DomainEvent<T extends DomainEventType = DomainEventType> = {
  [K in T]: {
    type: K;
    tenantId: string;
    aggregateType: AggregateType;
    aggregateId: string;
    householdId?: string | null;
    actorId?: string | null;
    /** Ids and codes only. */
    payload: DomainEventPayloads[K];
  };
}[T];

/** What a writer says about an event besides its type and payload. */
export interface EventEnvelope {
  tenantId: string;
  aggregateId: string;
  householdId?: string | null;
  actorId?: string | null;
}

/** An event before the envelope is known (e.g. a plan change names its events before the actor is added). */
export type EventDraft<T extends DomainEventType = DomainEventType> = { [K in T]: { type: K; aggregateId: string; payload: DomainEventPayloads[K] } }[T];

/** The one way to build a domain event: the type picks the payload type and the aggregate (from event-types.ts). */
export function createEvent<T extends DomainEventType>(type: T, envelope: EventEnvelope, payload: DomainEventPayloads[T]): DomainEvent<T> {
  return { type, aggregateType: DOMAIN_EVENTS[type].aggregate, ...envelope, payload } as DomainEvent<T>;
}

/** A draft with the envelope added. */
export const fromDraft = (draft: EventDraft, envelope: Omit<EventEnvelope, 'aggregateId'>): DomainEvent =>
  createEvent(draft.type, { ...envelope, aggregateId: draft.aggregateId }, draft.payload);

/** A domain event as read back from the outbox. */
export type StoredDomainEvent<T extends DomainEventType = DomainEventType> = {
  [K in T]: { id: string; tenantId: string; type: K; householdId: string | null; actorId: string | null; payload: DomainEventPayloads[K]; occurredAt: Date };
}[T];

/**
 * The outbox row as the typed event: rows are written only through `createEvent` (or the two SQL writers that
 * follow the same map), so the stored payload is the declared one. The one place a row's jsonb becomes a type.
 */
export function asStoredEvent(row: { id: string; tenantId: string; type: DomainEventType; householdId: string | null; actorId: string | null; payload: unknown; occurredAt: Date }): StoredDomainEvent {
  return row as StoredDomainEvent;
}
