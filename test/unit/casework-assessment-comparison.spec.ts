import fc from 'fast-check';
import { compareAssessments, totalOf } from '../../src/casework/assessments/assessment-comparison.js';
import { DEFAULT_LIFE_DOMAINS } from '../../src/tenants/default-life-domains.js';

const ORDER = DEFAULT_LIFE_DOMAINS.map((d) => d.code);
const scored = (map: Record<string, number>) => ({ scores: Object.entries(map).map(([domainCode, score]) => ({ domainCode, score })) });

const assessment = fc
  .uniqueArray(fc.constantFrom(...ORDER), { minLength: 1, maxLength: 14 })
  .chain((codes) => fc.tuple(...codes.map((code) => fc.integer({ min: 1, max: 5 }).map((score) => ({ domainCode: code, score })))))
  .map((scores) => ({ scores }));

describe('comparing two assessments', () => {
  it('lists the union of domains in the municipality’s order, with change only where both scored', () => {
    const result = compareAssessments(scored({ parenting: 1, finances: 2, housing: 3 }), scored({ housing: 3, mental_health: 2, finances: 4 }), ORDER);
    expect(result).toEqual({
      domains: [
        { domainCode: 'finances', from: 2, to: 4, change: 2 },
        { domainCode: 'housing', from: 3, to: 3, change: 0 },
        { domainCode: 'mental_health', from: null, to: 2, change: null },
        { domainCode: 'parenting', from: 1, to: null, change: null },
      ],
      fromTotal: 6,
      toTotal: 9,
      totalChange: 3,
      commonDomainsChange: 2,
    });
  });

  it('puts domains no longer on the list after the listed ones, alphabetically', () => {
    const result = compareAssessments(scored({ zeta_old: 2, finances: 1 }), scored({ alpha_old: 3, finances: 1 }), ORDER);
    expect(result.domains.map((d) => d.domainCode)).toEqual(['finances', 'alpha_old', 'zeta_old']);
  });

  it('comparing backwards negates every change', () => {
    fc.assert(
      fc.property(assessment, assessment, (a, b) => {
        const forward = compareAssessments(a, b, ORDER);
        const backward = compareAssessments(b, a, ORDER);
        expect(backward.totalChange + forward.totalChange).toBe(0);
        expect(backward.commonDomainsChange + forward.commonDomainsChange).toBe(0);
        expect(backward.domains.map((d, i) => (d.change ?? 0) + (forward.domains[i]!.change ?? 0))).toEqual(forward.domains.map(() => 0));
      }),
    );
  });

  it('with the same domains scored, the like-for-like change is the total change, and totals add up', () => {
    fc.assert(
      fc.property(assessment, fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 14, maxLength: 14 }), (a, newScores) => {
        const b = { scores: a.scores.map((s, i) => ({ domainCode: s.domainCode, score: newScores[i]! })) };
        const result = compareAssessments(a, b, ORDER);
        expect(result.commonDomainsChange).toBe(result.totalChange);
        expect(result.totalChange).toBe(totalOf(b) - totalOf(a));
        expect(result.domains.every((d) => d.change !== null)).toBe(true);
      }),
    );
  });

  it('an assessment compared with itself shows no change', () => {
    fc.assert(
      fc.property(assessment, (a) => {
        const result = compareAssessments(a, a, ORDER);
        expect(result.totalChange).toBe(0);
        expect(result.domains.every((d) => d.change === 0)).toBe(true);
      }),
    );
  });
});
