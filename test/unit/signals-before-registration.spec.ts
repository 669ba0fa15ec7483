import fc from 'fast-check';
import { decideIntake, pickHousehold, resolvedByRegistration, signalsToLink, type IntakeSignal, type MemberCandidate } from '../../src/signals/signal-matching.js';

const hash = fc.constantFrom('d1', 'd2', 'd3');
const bsn = fc.option(fc.constantFrom('b1', 'b2'), { nil: null });
const household = fc.constantFrom('h1', 'h2', 'h3');
const candidate = fc.record({ householdId: household, birthDateHash: hash, bsnHash: bsn });
const waiting = fc.uniqueArray(fc.record({ id: fc.uuid(), birthDateHash: hash, bsnHash: bsn }), { selector: (s) => s.id, maxLength: 8 });

describe('which waiting signals a household takes when it becomes findable', () => {
  it('takes exactly the signals a new signal with the same keys would have been linked to', () => {
    fc.assert(
      fc.property(household, waiting, fc.array(candidate, { maxLength: 8 }), (householdId, signals, candidates) => {
        const taken = new Set(signalsToLink(householdId, signals, candidates).map((s) => s.id));
        for (const s of signals) {
          const pick = pickHousehold(s, candidates);
          expect(taken.has(s.id)).toBe(pick.kind === 'one' && pick.householdId === householdId);
        }
      }),
    );
  });

  it("never takes another household's signal, nor one that matches members of two households", () => {
    const candidates: MemberCandidate[] = [
      { householdId: 'h1', birthDateHash: 'd1', bsnHash: null },
      { householdId: 'h2', birthDateHash: 'd1', bsnHash: null },
      { householdId: 'h2', birthDateHash: 'd2', bsnHash: null },
    ];
    const signals = [
      { id: 'both', birthDateHash: 'd1', bsnHash: null },
      { id: 'theirs', birthDateHash: 'd2', bsnHash: null },
    ];
    expect(signalsToLink('h1', signals, candidates)).toEqual([]);
    expect(signalsToLink('h2', signals, candidates).map((s) => s.id)).toEqual(['theirs']);
  });

  it('a BSN added to a member takes the signal that carried it with another date of birth', () => {
    const signal = { id: 's', birthDateHash: 'd9', bsnHash: 'b1' };
    expect(signalsToLink('h1', [signal], [{ householdId: 'h1', birthDateHash: 'd1', bsnHash: null }])).toEqual([]);
    expect(signalsToLink('h1', [signal], [{ householdId: 'h1', birthDateHash: 'd1', bsnHash: 'b1' }])).toEqual([signal]);
  });

  it('is idempotent: the same call on the same facts gives the same answer', () => {
    fc.assert(
      fc.property(household, waiting, fc.array(candidate, { maxLength: 8 }), (householdId, signals, candidates) => {
        expect(signalsToLink(householdId, signals, candidates)).toEqual(signalsToLink(householdId, signals, candidates));
      }),
    );
  });
});

describe('intake items', () => {
  const organisation = fc.constantFrom('o1', 'o2', 'o3');
  const signals = fc.uniqueArray(fc.record({ id: fc.uuid(), organisationId: organisation }), { selector: (s) => s.id, minLength: 1, maxLength: 8 });

  it('opens an item exactly when the unassigned waiting signals come from two or more organisations, with all of them', () => {
    fc.assert(
      fc.property(signals, (all) => {
        const newest = all[all.length - 1]!;
        const decision = decideIntake(newest, all, null);
        const organisations = new Set(all.map((s) => s.organisationId));
        if (organisations.size < 2) expect(decision).toEqual({ kind: 'none' });
        else {
          expect(decision).toEqual({ kind: 'open', signalIds: all.map((s) => s.id), organisationIds: [...organisations] });
        }
      }),
    );
  });

  it('counts the new signal even when it is not among the unassigned ones yet', () => {
    const earlier: IntakeSignal[] = [{ id: 'a', organisationId: 'o1' }];
    expect(decideIntake({ id: 'b', organisationId: 'o2' }, earlier, null)).toEqual({ kind: 'open', signalIds: ['a', 'b'], organisationIds: ['o1', 'o2'] });
    expect(decideIntake({ id: 'b', organisationId: 'o1' }, earlier, null)).toEqual({ kind: 'none' });
  });

  it('a signal about a family with an open item joins it; a new organisation is news, a repeat is not', () => {
    expect(decideIntake({ id: 'c', organisationId: 'o3' }, [], ['o1', 'o2'])).toEqual({ kind: 'join', newOrganisation: true });
    expect(decideIntake({ id: 'c', organisationId: 'o1' }, [], ['o1', 'o2'])).toEqual({ kind: 'join', newOrganisation: false });
  });

  it('is resolved by registration only once every one of its signals is linked', () => {
    expect(resolvedByRegistration([])).toBe(false);
    expect(resolvedByRegistration([{ householdId: 'h1' }, { householdId: null }])).toBe(false);
    expect(resolvedByRegistration([{ householdId: 'h1' }, { householdId: 'h1' }])).toBe(true);
  });
});
