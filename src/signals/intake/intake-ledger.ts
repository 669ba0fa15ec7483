import { Injectable } from '@nestjs/common';
import { createEvent, type DomainEvent, type DomainEventPayloads } from '../../events/domain-event.js';
import { OutboxRepository } from '../../events/outbox.repository.js';
import type { MatchingSignal } from '../signal-matcher.js';
import { decideIntake, resolvedByRegistration } from '../signal-matching.js';
import { SignalsRepository } from '../signals.repository.js';
import { IntakeItemsRepository } from './intake-items.repository.js';

/**
 * Keeps the intake items in step with the waiting signals: opens an item when a second organisation signals
 * about an unregistered family, adds later signals to it, and resolves it once registration linked all of its
 * signals. Callers hold the family's address lock (`SignalsRepository.lockAddress`).
 *
 * What each party hears (events, ids only): the intake team's coordinators that an item opened, grew or closed;
 * each signalling organisation, once, that another organisation also signalled and that the intake team will be
 * in touch (`signal.co_signalled`) — not which organisation, nor what it signalled.
 */
@Injectable()
export class IntakeLedger {
  constructor(
    private readonly items: IntakeItemsRepository,
    private readonly signals: SignalsRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  async signalWaits(tenantId: string, familyKey: string, signal: MatchingSignal, now: Date): Promise<void> {
    const open = await this.items.findOpen(tenantId, familyKey);
    const openOrganisations = open ? await this.items.organisationIds(open.id) : null;
    let unassigned: MatchingSignal[] = [];
    if (!open) {
      const waiting = (await this.signals.waitingSignalsAt(tenantId, familyKey, now)).filter((s) => !s.acknowledged || s.id === signal.id);
      const itemised = await this.items.itemisedSignalIds(waiting.map((s) => s.id));
      unassigned = waiting.filter((s) => !itemised.has(s.id));
    }
    const decision = decideIntake(signal, unassigned, openOrganisations);
    if (decision.kind === 'none') return;
    const intake = await this.signals.intakeOrganisation(tenantId);
    const hint: { intakeOrganisationId?: string } = intake ? { intakeOrganisationId: intake.organisationId } : {};

    if (decision.kind === 'join') {
      await this.items.addSignals(tenantId, open!.id, [signal], now);
      if (!decision.newOrganisation) return;
      await this.outbox.record(
        this.itemEvent('signal.intake_item_joined', tenantId, open!.id, { ...hint, organisationCount: openOrganisations!.length + 1, signalId: signal.id }),
        coSignalled(tenantId, [signal], hint),
      );
      return;
    }

    const item = await this.items.insertOpen(tenantId, familyKey, now);
    const members = unassigned.some((s) => s.id === signal.id) ? unassigned : [...unassigned, signal];
    await this.items.addSignals(tenantId, item.id, members, now);
    await this.outbox.record(
      this.itemEvent('signal.intake_item_opened', tenantId, item.id, { ...hint, organisationCount: decision.organisationIds.length, signalCount: members.length }),
      ...decision.organisationIds.map((organisationId) => coSignalled(tenantId, members.filter((s) => s.organisationId === organisationId), hint)),
    );
  }

  /** After waiting signals were linked to `householdId`: items all of whose signals are now linked are resolved. */
  async signalsLinked(tenantId: string, householdId: string, signalIds: string[], now: Date): Promise<void> {
    for (const itemId of await this.items.openItemIdsOf(signalIds)) {
      if (!resolvedByRegistration(await this.items.signalLinks(itemId))) continue;
      if (!(await this.items.resolveRegistered(itemId, householdId, now))) continue;
      const intake = await this.signals.intakeOrganisation(tenantId);
      await this.outbox.record(
        this.itemEvent('signal.intake_item_closed', tenantId, itemId, { ...(intake && { intakeOrganisationId: intake.organisationId }), outcome: 'registered', householdId }),
      );
    }
  }

  itemEvent<T extends IntakeItemEventType>(type: T, tenantId: string, intakeItemId: string, payload: Omit<DomainEventPayloads[T], 'intakeItemId'>, actorId?: string): DomainEvent<T> {
    // No actor unless someone closed it by hand: the item is the system's finding, so every intake coordinator hears of it.
    const full = { intakeItemId, ...definedOnly(payload as Record<string, string | number | undefined>) } as DomainEventPayloads[T];
    return createEvent(type, { tenantId, aggregateId: intakeItemId, ...(actorId && { actorId }) }, full);
  }
}

type IntakeItemEventType = 'signal.intake_item_opened' | 'signal.intake_item_joined' | 'signal.intake_item_closed';

function definedOnly(payload: Record<string, string | number | undefined>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(payload).filter((e): e is [string, string | number] => e[1] !== undefined));
}

/** To one organisation about its own signals only: no item id, no other organisation, nothing about the family. */
function coSignalled(tenantId: string, own: MatchingSignal[], hint: { intakeOrganisationId?: string }): DomainEvent<'signal.co_signalled'> {
  return createEvent(
    'signal.co_signalled',
    { tenantId, aggregateId: own[0]!.id },
    {
      signalIds: own.map((s) => s.id),
      organisationId: own[0]!.organisationId,
      signallerIds: [...new Set(own.map((s) => s.signalledById))],
      ...(hint.intakeOrganisationId && { intakeOrganisationId: hint.intakeOrganisationId }),
    },
  );
}
