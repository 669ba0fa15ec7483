import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { createEvent } from '../events/domain-event.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import type { HouseholdEntity } from '../households/entities/household.entity.js';
import { decideMatch } from './signal-matching.js';
import { SignalsRepository } from './signals.repository.js';

/** The parts of a signal the match needs. */
export interface MatchingSignal {
  id: string;
  organisationId: string;
  signalledById: string;
}

/**
 * Records a household's match (two or more organisations in one episode) and announces it with ids only
 * (`signal.matched`). Used when a signal arrives for a known household and when a waiting signal is linked to a
 * household registered or changed later: both have the same effect.
 */
@Injectable()
export class SignalMatcher {
  constructor(
    private readonly signals: SignalsRepository,
    private readonly access: AccessService,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Runs under the household row lock: records the match once per episode and tells each organisation once. */
  async match(household: HouseholdEntity, signal: MatchingSignal, now: Date): Promise<void> {
    const existing = await this.signals.findMatch(household.id, household.episode);
    const matchOrganisationIds = existing ? await this.signals.matchOrganisationIds(existing.id) : null;
    const active = existing ? [] : await this.signals.activeEpisodeSignals(household.id, household.episode, now);
    const decision = decideMatch({ ...signal, matchId: null }, active, matchOrganisationIds);
    if (decision.kind === 'none') return;

    let matchId: string;
    let announce: { signalIds: string[]; organisationIds: string[]; signallerIds: string[] } | undefined;
    if (decision.kind === 'new') {
      const match = await this.signals.insertMatch({ tenantId: household.tenantId, householdId: household.id, episode: household.episode, createdAt: now });
      matchId = match.id;
      await this.signals.addMatchOrganisations(household.tenantId, matchId, decision.organisationIds, now);
      await this.signals.attachToMatch(decision.signalIds, matchId, now);
      announce = { signalIds: decision.signalIds, organisationIds: decision.organisationIds, signallerIds: decision.signallerIds };
    } else {
      matchId = existing!.id;
      await this.signals.attachToMatch([signal.id], matchId, now);
      if (decision.newOrganisation) {
        await this.signals.addMatchOrganisations(household.tenantId, matchId, [signal.organisationId], now);
        announce = { signalIds: [signal.id], organisationIds: [signal.organisationId], signallerIds: [signal.signalledById] };
      }
    }
    if (!announce) return;
    await this.outbox.record(
      createEvent(
        'signal.matched',
        // The match is the system's finding, not the last signaller's act: no actor, so nobody is left out.
        { tenantId: household.tenantId, aggregateId: signal.id, householdId: household.id },
        { matchId, householdId: household.id, ...announce, ...(await this.recipientHint(household)) },
      ),
    );
  }

  /** Who picks the match up: the coordinator, or without one the intake team. */
  private async recipientHint(household: HouseholdEntity): Promise<{ coordinatorId: string } | { intakeOrganisationId: string } | Record<string, never>> {
    const coordinatorId = await this.access.activeCoordinatorId(household.id);
    if (coordinatorId) return { coordinatorId };
    const intake = await this.signals.intakeOrganisation(household.tenantId);
    return intake ? { intakeOrganisationId: intake.organisationId } : {};
  }
}
