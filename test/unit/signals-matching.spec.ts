import fc from 'fast-check';
import { addYears, decideMatch, memberMatches, pickHousehold, retentionDates, type EpisodeSignal } from '../../src/signals/signal-matching.js';

const hash = fc.constantFrom('h1', 'h2', 'h3');
const bsn = fc.option(fc.constantFrom('b1', 'b2'), { nil: null });

describe('which member a signal is about', () => {
  it('matches on the date of birth when either side has no BSN', () => {
    expect(memberMatches({ birthDateHash: 'd1', bsnHash: null }, { birthDateHash: 'd1', bsnHash: 'b1' })).toBe(true);
    expect(memberMatches({ birthDateHash: 'd1', bsnHash: 'b1' }, { birthDateHash: 'd1', bsnHash: null })).toBe(true);
    expect(memberMatches({ birthDateHash: 'd1', bsnHash: null }, { birthDateHash: 'd2', bsnHash: null })).toBe(false);
  });

  it('lets the BSN decide when both sides have one: a different BSN is no match even with the same date of birth', () => {
    expect(memberMatches({ birthDateHash: 'd1', bsnHash: 'b1' }, { birthDateHash: 'd1', bsnHash: 'b2' })).toBe(false);
    expect(memberMatches({ birthDateHash: 'd1', bsnHash: 'b1' }, { birthDateHash: 'd2', bsnHash: 'b1' })).toBe(true);
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(hash, bsn, hash, bsn, (d1, b1, d2, b2) => {
        expect(memberMatches({ birthDateHash: d1, bsnHash: b1 }, { birthDateHash: d2, bsnHash: b2 })).toBe(
          memberMatches({ birthDateHash: d2, bsnHash: b2 }, { birthDateHash: d1, bsnHash: b1 }),
        );
      }),
    );
  });
});

describe('which household a signal belongs to', () => {
  const signal = { birthDateHash: 'd1', bsnHash: null };

  it('is the one household with a matching member', () => {
    expect(
      pickHousehold(signal, [
        { householdId: 'a', birthDateHash: 'd2', bsnHash: null },
        { householdId: 'a', birthDateHash: 'd1', bsnHash: null },
        { householdId: 'a', birthDateHash: 'd1', bsnHash: null },
      ]),
    ).toEqual({ kind: 'one', householdId: 'a' });
  });

  it('is none without a matching member', () => {
    expect(pickHousehold(signal, [])).toEqual({ kind: 'none' });
    expect(pickHousehold(signal, [{ householdId: 'a', birthDateHash: 'd2', bsnHash: null }])).toEqual({ kind: 'none' });
  });

  it('is ambiguous — not linked — when two households at the address have a matching member', () => {
    expect(
      pickHousehold(signal, [
        { householdId: 'b', birthDateHash: 'd1', bsnHash: null },
        { householdId: 'a', birthDateHash: 'd1', bsnHash: null },
      ]),
    ).toEqual({ kind: 'ambiguous', householdIds: ['a', 'b'] });
  });

  it('uses the BSN to tell two households apart', () => {
    expect(
      pickHousehold({ birthDateHash: 'd1', bsnHash: 'b1' }, [
        { householdId: 'a', birthDateHash: 'd1', bsnHash: 'b2' },
        { householdId: 'b', birthDateHash: 'd1', bsnHash: 'b1' },
      ]),
    ).toEqual({ kind: 'one', householdId: 'b' });
  });
});

describe('retention', () => {
  it('keeps a signal active for two years and retains it for five', () => {
    const created = new Date('2026-03-10T09:15:00.000Z');
    expect(retentionDates(created)).toEqual({ activeUntil: new Date('2028-03-10T09:15:00.000Z'), retainUntil: new Date('2031-03-10T09:15:00.000Z') });
  });

  it('moves 29 February to 1 March in a year without a leap day', () => {
    expect(addYears(new Date('2028-02-29T12:00:00.000Z'), 2)).toEqual(new Date('2030-03-01T12:00:00.000Z'));
    expect(addYears(new Date('2028-02-29T12:00:00.000Z'), 4)).toEqual(new Date('2032-02-29T12:00:00.000Z'));
  });
});

describe('what a new signal does to the match of the episode', () => {
  const s = (id: string, organisationId: string, signalledById = `p-${organisationId}`): EpisodeSignal => ({ id, organisationId, signalledById, matchId: null });

  it('makes no match while one organisation is concerned, however often', () => {
    const signals = [s('1', 'A'), s('2', 'A', 'p2'), s('3', 'A')];
    expect(decideMatch(signals[2]!, signals, null)).toEqual({ kind: 'none' });
  });

  it('makes a new match with every active signal once a second organisation signals', () => {
    const signals = [s('1', 'A'), s('2', 'A', 'p2'), s('3', 'B')];
    expect(decideMatch(signals[2]!, signals, null)).toEqual({ kind: 'new', signalIds: ['1', '2', '3'], organisationIds: ['A', 'B'], signallerIds: ['p-A', 'p2', 'p-B'] });
  });

  it('lets a newcomer join an existing match, and a repeat signal join it silently', () => {
    expect(decideMatch(s('4', 'C'), [], ['A', 'B'])).toEqual({ kind: 'join', newOrganisation: true });
    expect(decideMatch(s('5', 'A'), [], ['A', 'B'])).toEqual({ kind: 'join', newOrganisation: false });
  });
});
