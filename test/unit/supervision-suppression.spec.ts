import fc from 'fast-check';
import { dependentFigure, MIN_GROUP_SIZE, protectGroup } from '../../src/supervision/outcomes/suppression.js';

const parts = fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 500 })), { minLength: 0, maxLength: 25 });
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('district figures never show a count between 1 and 4', () => {
  it('no published cell is 1–4, ever', () => {
    fc.assert(
      fc.property(parts, (ps) => {
        const out = protectGroup(sum(ps), ps);
        for (const cell of [out.total, ...out.parts]) {
          if (cell.value !== null) expect(cell.value === 0 || cell.value >= MIN_GROUP_SIZE).toBe(true);
          expect(cell.suppressed).toBe(cell.value === null);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('shown cells are the true counts', () => {
    fc.assert(
      fc.property(parts, (ps) => {
        const out = protectGroup(sum(ps), ps);
        out.parts.forEach((cell, i) => cell.value !== null && expect(cell.value).toBe(ps[i]));
        if (out.total.value !== null) expect(out.total.value).toBe(sum(ps));
      }),
      { numRuns: 2000 },
    );
  });

  it('no hidden count can be derived by subtracting shown districts from the municipality figure', () => {
    fc.assert(
      fc.property(parts, (ps) => {
        const out = protectGroup(sum(ps), ps);
        if (out.total.suppressed) return;
        const hidden = ps.filter((_, i) => out.parts[i]!.suppressed);
        // total − shown parts = sum of the hidden parts: never a single cell, never a small count itself
        expect(hidden.length === 0 || hidden.length >= 2).toBe(true);
        expect(hidden.length === 0 || sum(hidden) >= MIN_GROUP_SIZE).toBe(true);
        // each hidden part is at least 1 unless a 0 is among them: non-zero parts adding up to their number are all 1
        expect(hidden.length === 0 || sum(hidden) > hidden.length || hidden.includes(0)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('a municipality figure of 1–4 hides every non-zero district too', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 4 }), (ps) => {
        fc.pre(sum(ps) >= 1 && sum(ps) <= 4);
        const out = protectGroup(sum(ps), ps);
        expect(out.total.suppressed).toBe(true);
        out.parts.forEach((cell, i) => expect(cell.suppressed).toBe(ps[i]! > 0));
      }),
    );
  });

  it('examples: one small district takes the next smallest with it', () => {
    expect(protectGroup(53, [3, 40, 10, 0])).toEqual({
      total: { value: 53, suppressed: false },
      parts: [
        { value: null, suppressed: true },
        { value: 40, suppressed: false },
        { value: null, suppressed: true },
        { value: 0, suppressed: false },
      ],
    });
    // five districts of one family each, the others 0 (an outside probe, stop 42): a 0 is hidden with them
    const ones = protectGroup(5, [1, 1, 0, 1, 1, 1, 0]);
    expect(ones.total).toEqual({ value: 5, suppressed: false });
    expect(ones.parts.filter((cell) => cell.suppressed)).toHaveLength(6);
    expect(ones.parts.filter((cell) => !cell.suppressed)).toEqual([{ value: 0, suppressed: false }]);
    expect(protectGroup(0, [0, 0]).parts).toEqual([
      { value: 0, suppressed: false },
      { value: 0, suppressed: false },
    ]);
  });

  it('medians and averages disappear with the count they rest on', () => {
    expect(dependentFigure(12.5, { value: null, suppressed: true })).toEqual({ value: null, suppressed: true });
    expect(dependentFigure(12.5, { value: 7, suppressed: false })).toEqual({ value: 12.5, suppressed: false });
    expect(dependentFigure(null, { value: 0, suppressed: false })).toEqual({ value: null, suppressed: false });
  });
});
