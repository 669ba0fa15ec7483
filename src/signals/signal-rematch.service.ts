import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { createEvent } from '../events/domain-event.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import { HouseholdIdentityHooks, type HouseholdIdentityChange } from '../households/household-identity.hooks.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { IntakeLedger } from './intake/intake-ledger.js';
import { SignalMatcher } from './signal-matcher.js';
import { signalsToLink } from './signal-matching.js';
import { SignalsRepository } from './signals.repository.js';

/**
 * Signals that arrived before their household: when a household is registered, reopened, gets a member, or a
 * member's date of birth or BSN or the address changes, the signals waiting at its address are matched again —
 * in the same transaction, under the household row lock and the address lock, so a signal arriving at that
 * moment is seen by one side or the other. A linked signal has the effects of one linked on arrival: the match
 * (`signal.matched` to the coordinator or intake team and the signallers), and its intake item resolves once
 * all of the item's signals are linked. Running it again links nothing new (idempotent).
 */
@Injectable()
export class SignalRematchService implements OnModuleInit {
  constructor(
    private readonly hooks: HouseholdIdentityHooks,
    private readonly households: HouseholdsRepository,
    private readonly signals: SignalsRepository,
    private readonly matcher: SignalMatcher,
    private readonly intake: IntakeLedger,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.hooks.register(async (change) => {
      await this.rematch(change);
    });
  }

  /** Returns the ids of the signals it linked. The caller holds the household row lock. */
  async rematch({ tenantId, householdId }: HouseholdIdentityChange): Promise<string[]> {
    const household = await this.households.findById(tenantId, householdId);
    if (!household || household.status === 'closed') return [];
    await this.signals.lockAddress(tenantId, household.addressHash);
    const now = this.clock.now();
    const waiting = await this.signals.waitingSignalsAt(tenantId, household.addressHash, now);
    if (waiting.length === 0) return [];
    const linked = signalsToLink(household.id, waiting, await this.signals.memberCandidatesAt(tenantId, household.addressHash));
    if (linked.length === 0) return [];

    const ids = linked.map((s) => s.id);
    await this.signals.linkToHousehold(ids, household.id, household.episode);
    await this.outbox.record(
      ...linked.map((s) => createEvent('signal.linked', { tenantId, aggregateId: s.id, householdId: household.id }, { signalId: s.id, householdId: household.id })),
    );
    for (const signal of linked) await this.matcher.match(household, signal, now);
    await this.intake.signalsLinked(tenantId, household.id, ids, now);
    return ids;
  }
}
