import type { Actor } from '../common/request-context.js';
import { fromDraft, type EventDraft } from '../events/domain-event.js';
import type { OutboxRepository } from '../events/outbox.repository.js';
import type { HouseholdEntity } from './entities/household.entity.js';

/**
 * A change the gate let through: the household it concerns, who makes it, and the one way to write the change's
 * domain events — into the outbox, inside the change's transaction, enveloped with the municipality, the household
 * and the actor. Services name only what happened (type, aggregate, payload), so no service builds an envelope.
 */
export class CaseChange {
  constructor(
    readonly household: HouseholdEntity,
    readonly actor: Actor,
    private readonly outbox: OutboxRepository,
  ) {}

  /** The change's events, stamped now. */
  record(...drafts: EventDraft[]): Promise<void> {
    return this.outbox.record(...drafts.map((draft) => this.envelope(draft)));
  }

  /** With the change's own timestamp (e.g. a closure at `now`, so "who was involved then" is exact for the fan-out). */
  recordAt(occurredAt: Date, ...drafts: EventDraft[]): Promise<void> {
    return this.outbox.recordAt(occurredAt, ...drafts.map((draft) => this.envelope(draft)));
  }

  /**
   * The change's events, stamped now, as SQL for the statement that writes the change itself: written only when its
   * CTE `gate` yields a row (see `OutboxRepository.insertSql`), in the same round trip.
   */
  recordSql(gate: string, param: (value: unknown) => string, ...drafts: EventDraft[]): string {
    return this.outbox.insertSql(drafts.map((draft) => this.envelope(draft)), gate, param);
  }

  private envelope(draft: EventDraft) {
    return fromDraft(draft, { tenantId: this.actor.tenantId, householdId: this.household.id, actorId: this.actor.professionalId });
  }
}
