import fc from 'fast-check';
import type { MonthOutcomeDto } from '../../src/supervision/outcomes/dto/outcomes.dto.js';
import { assembleOutcomes, type RawOutcomes } from '../../src/supervision/outcomes/outcomes.assembly.js';
import { protectLinkedTable } from '../../src/supervision/outcomes/linked-suppression.js';
import type { FlowRow, StatusRow } from '../../src/supervision/outcomes/outcomes.repository.js';
import { mulberry32 } from '../../src/common/seeded-random.js';

/**
 * The outcomes report's status-and-flow block against an attacker who knows every relation between its figures:
 *   R1  municipality = Σ districts, for every measure and for N (households registered so far);
 *   R2  registered + inCare + closed = N at each month end;
 *   RN  N(m) = N(m−1) + registeredInMonth(m);
 *   R3  closed(m) = closed(m−1) + closedInMonth(m) − reopened(m).
 * The attacker below is written independently of the protection: it solves every equation with exactly one
 * unknown, puts the value in and repeats (peeling), then looks at every equation whose unknowns all have the same
 * sign. No hidden count of 1–4 (nor N of 1–4) may come out exactly or be bounded below 5.
 */

const MEASURES = ['registered', 'inCare', 'closed', 'registeredInMonth', 'closedInMonth', 'reopened'] as const;
type Measure = (typeof MEASURES)[number] | 'N';
type Counts = Record<(typeof MEASURES)[number], number>;

const monthOf = (t: number) => `${2025 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;

/** A deterministic generator from a seed, so fast-check controls every municipality. */
const random = mulberry32;

interface Municipality {
  districts: string[];
  /** truth[t][s]: s = 0 the municipality, 1… the districts */
  truth: Counts[][];
}

/** Households move registered → in care → closed (→ reopened, registered again) over the months. */
function simulate(seed: number, months: number, districtCount: number, scale: number): Municipality {
  const rnd = random(seed);
  const districts = ['Centrum', 'Haven', 'Noord', 'Zuid', 'Oost', 'West', 'Dorp', 'Akkers'].slice(0, districtCount);
  const households: Array<{ d: number; state: 'R' | 'I' | 'C' }> = [];
  const truth: Counts[][] = [];
  const pAssign = 0.3 + rnd() * 0.6;
  const pClose = 0.05 + rnd() * 0.4;
  const pReopen = rnd() * 0.15;
  for (let t = 0; t < months; t++) {
    const flows = Array.from({ length: districtCount }, () => ({ a: 0, b: 0, o: 0 }));
    for (const h of households) {
      const r = rnd();
      const f = flows[h.d]!;
      if (h.state === 'C' && r < pReopen) {
        h.state = 'R';
        // a reopening more than 12 months after the close is not counted as recurrence
        if (rnd() < 0.8) f.o++;
      } else if (h.state === 'R' && r < pAssign) h.state = 'I';
      else if ((h.state === 'R' && r > 0.97) || (h.state === 'I' && r < pClose)) {
        h.state = 'C';
        f.b++;
      }
    }
    for (let d = 0; d < districtCount; d++) {
      const news = rnd() < 0.35 ? 0 : Math.floor(rnd() * rnd() * scale);
      for (let k = 0; k < news; k++) households.push({ d, state: rnd() < 0.2 ? 'I' : 'R' });
      flows[d]!.a += news;
    }
    const perDistrict: Counts[] = flows.map((f, d) => {
      const mine = households.filter((h) => h.d === d);
      return {
        registered: mine.filter((h) => h.state === 'R').length,
        inCare: mine.filter((h) => h.state === 'I').length,
        closed: mine.filter((h) => h.state === 'C').length,
        registeredInMonth: f.a,
        closedInMonth: f.b,
        reopened: f.o,
      };
    });
    const total = Object.fromEntries(MEASURES.map((m) => [m, perDistrict.reduce((sum, c) => sum + c[m], 0)])) as Counts;
    truth.push([total, ...perDistrict]);
  }
  return { districts, truth };
}

/** The rows the repository would return for months 0 … last (status and flows; nothing stalled, no assessments). */
function rawOf(m: Municipality, last: number): RawOutcomes {
  const status: StatusRow[] = [];
  const flows: FlowRow[] = [];
  for (let t = 0; t <= last; t++) {
    m.truth[t]!.forEach((c, s) => {
      const scope = { month: monthOf(t), district: s === 0 ? null : m.districts[s - 1]! };
      status.push({ ...scope, registered: c.registered, in_care: c.inCare, closed: c.closed });
      flows.push({ ...scope, registered_in_month: c.registeredInMonth, closed_in_month: c.closedInMonth, reopened_within_12_months: c.reopened, median_days_open: null });
    });
  }
  return { status, flows, stalled: [], progress: [] };
}

type Report = ReturnType<typeof assembleOutcomes>;
const cellsOf = (month: MonthOutcomeDto) => ({
  registered: month.statusAtMonthEnd.registered,
  inCare: month.statusAtMonthEnd.inCare,
  closed: month.statusAtMonthEnd.closed,
  registeredInMonth: month.registeredInMonth,
  closedInMonth: month.closedInMonth,
  reopened: month.reopenedWithin12Months,
});

function report(m: Municipality, from: number, to: number): Report {
  const months = Array.from({ length: to - from + 1 }, (_, i) => monthOf(from + i));
  return assembleOutcomes(rawOf(m, to), months, m.districts);
}

/** What the attacker works out: the values it knows for sure, and the upper bounds same-sign equations give. */
function attack(m: Municipality, r: Report) {
  const T = m.truth.length;
  const S = m.districts.length + 1;
  const key = (t: number, s: number, measure: Measure) => `${t}/${s}/${measure}`;
  const truthOf = (t: number, s: number, measure: Measure) => {
    const c = m.truth[t]![s]!;
    return measure === 'N' ? c.registered + c.inCare + c.closed : c[measure];
  };
  const knownValues = new Map<string, number>();
  for (let t = 0; t < T; t++) {
    for (let s = 0; s < S; s++) {
      const month = s === 0 ? r.months[t]! : r.districts[s - 1]!.months[t]!;
      for (const [measure, cell] of Object.entries(cellsOf(month))) if (!cell.suppressed) knownValues.set(key(t, s, measure as Measure), cell.value!);
    }
  }
  // equations Σ coef·x = constant: nothing before the first month. R3 takes every reopening as counted in
  // `reopened`; where a reopening came more than 12 months after the close it does not hold, and the attacker is
  // granted the knowledge of where that is: it leaves those equations out (no wrong values, and no true one missed)
  const equations: Array<{ terms: Array<[string, number]>; constant: number }> = [];
  for (let t = 0; t < T; t++) {
    for (const measure of [...MEASURES, 'N'] as const) {
      equations.push({ terms: [[key(t, 0, measure), 1], ...m.districts.map((_, d) => [key(t, d + 1, measure), -1] as [string, number])], constant: 0 });
    }
    for (let s = 0; s < S; s++) {
      equations.push({ terms: [[key(t, s, 'registered'), 1], [key(t, s, 'inCare'), 1], [key(t, s, 'closed'), 1], [key(t, s, 'N'), -1]], constant: 0 });
      equations.push({ terms: [[key(t, s, 'N'), 1], [key(t, s, 'registeredInMonth'), -1], ...(t > 0 ? [[key(t - 1, s, 'N'), -1] as [string, number]] : [])], constant: 0 });
      const c = m.truth[t]![s]!;
      if (c.closed === (t > 0 ? m.truth[t - 1]![s]!.closed : 0) + c.closedInMonth - c.reopened) {
        equations.push({
          terms: [[key(t, s, 'closed'), 1], [key(t, s, 'closedInMonth'), -1], [key(t, s, 'reopened'), 1], ...(t > 0 ? [[key(t - 1, s, 'closed'), -1] as [string, number]] : [])],
          constant: 0,
        });
      }
    }
  }
  // peeling
  for (let changed = true; changed; ) {
    changed = false;
    for (const eq of equations) {
      const unknown = eq.terms.filter(([k]) => !knownValues.has(k));
      if (unknown.length !== 1) continue;
      const rest = eq.terms.reduce((sum, [k, c]) => sum + (knownValues.has(k) ? c * knownValues.get(k)! : 0), 0);
      const [k, c] = unknown[0]!;
      knownValues.set(k, (eq.constant - rest) / c);
      changed = true;
    }
  }
  const smallHidden: Array<{ key: string; value: number }> = [];
  for (let t = 0; t < T; t++) {
    for (let s = 0; s < S; s++) {
      for (const measure of [...MEASURES, 'N'] as const) {
        const v = truthOf(t, s, measure);
        const month = s === 0 ? r.months[t]! : r.districts[s - 1]!.months[t]!;
        const hiddenCell = measure === 'N' || (cellsOf(month) as Record<string, { suppressed: boolean }>)[measure]!.suppressed;
        if (hiddenCell && v >= 1 && v <= 4) smallHidden.push({ key: key(t, s, measure), value: v });
      }
    }
  }
  const small = new Set(smallHidden.map((x) => x.key));
  const recovered = smallHidden.filter((x) => knownValues.has(x.key));
  const bounded: string[] = [];
  for (const eq of equations) {
    const unknown = eq.terms.filter(([k]) => !knownValues.has(k));
    if (unknown.length < 2 || !unknown.every(([, c]) => Math.sign(c) === Math.sign(unknown[0]![1]))) continue;
    const rest = eq.terms.reduce((sum, [k, c]) => sum + (knownValues.has(k) ? c * knownValues.get(k)! : 0), 0);
    const sign = Math.sign(unknown[0]![1]);
    const bound = sign * (eq.constant - rest);
    for (const [k, c] of unknown) if (small.has(k) && bound / Math.abs(c) < 5) bounded.push(`${k} ≤ ${bound / Math.abs(c)}`);
  }
  return { recovered, bounded, knownValues };
}

const municipalities = fc
  .record({ seed: fc.integer(), months: fc.integer({ min: 2, max: 9 }), districts: fc.integer({ min: 2, max: 4 }), scale: fc.integer({ min: 3, max: 16 }) })
  .map(({ seed, months, districts, scale }) => simulate(seed, months, districts, scale));

describe('the status-and-flow block is protected as one linked table', () => {
  it('an attacker who knows R1, R2 (with N), RN and R3 recovers no hidden count of 1–4 and bounds none below 5', () => {
    fc.assert(
      fc.property(municipalities, (m) => {
        const r = report(m, 0, m.truth.length - 1);
        const { recovered, bounded } = attack(m, r);
        expect({ recovered, bounded }).toEqual({ recovered: [], bounded: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('shows no count of 1–4, shows every other count as it is, and hides a zero only where no count near a risk was left to hide', () => {
    fc.assert(
      fc.property(municipalities, (m) => {
        const r = report(m, 0, m.truth.length - 1);
        const zeroComplements = new Set(protectLinkedTable(m.truth).zeroComplements.map((z) => `${z.month}/${z.scope}/${z.measure}`));
        m.truth.forEach((scopes, t) =>
          scopes.forEach((truth, s) => {
            const cells = cellsOf(s === 0 ? r.months[t]! : r.districts[s - 1]!.months[t]!);
            for (const measure of MEASURES) {
              const cell = cells[measure];
              expect(cell.suppressed).toBe(cell.value === null);
              if (!cell.suppressed) expect(cell.value).toBe(truth[measure]);
              if (truth[measure] >= 1 && truth[measure] <= 4) expect(cell.suppressed).toBe(true);
              if (truth[measure] === 0 && cell.suppressed) expect(zeroComplements.has(`${t}/${s}/${measure}`)).toBe(true);
            }
          }),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('is canonical: every window shows exactly what the full report shows for its months, and a new month changes no earlier one', () => {
    fc.assert(
      fc.property(municipalities, fc.nat(), fc.nat(), (m, x, y) => {
        const T = m.truth.length;
        const full = report(m, 0, T - 1);
        const to = y % T;
        const from = x % (to + 1);
        const window = report(m, from, to);
        expect(window.months).toEqual(full.months.slice(from, to + 1));
        expect(window.districts).toEqual(full.districts.map((d) => ({ district: d.district, months: d.months.slice(from, to + 1) })));
        // one month more of data: the months before it unchanged
        const shorter = report(m, 0, T - 2 >= 0 ? T - 2 : 0);
        if (T >= 2) expect(shorter.months).toEqual(full.months.slice(0, T - 1));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the linked protection stays cheap and resolves every risk within its own month', () => {
  it('never has to fall back to hiding a whole month (every risk is removed with cells of its own month)', () => {
    fc.assert(
      fc.property(municipalities, (m) => {
        expect(protectLinkedTable(m.truth).unresolved).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a risk only a shown zero can break is broken by hiding that zero, not by hiding the whole month (a case the property test found)', () => {
    const m: Municipality = {
      districts: ['Centrum', 'Haven', 'Noord', 'Zuid'],
      truth: [
        [{ registered: 0, inCare: 1, closed: 0, registeredInMonth: 1, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 0, closed: 0, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 1, closed: 0, registeredInMonth: 1, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 0, closed: 0, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 0, closed: 0, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }],
        [{ registered: 5, inCare: 2, closed: 0, registeredInMonth: 6, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 1, closed: 0, registeredInMonth: 1, closedInMonth: 0, reopened: 0 }, { registered: 5, inCare: 1, closed: 0, registeredInMonth: 5, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 0, closed: 0, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 0, closed: 0, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }],
        [{ registered: 13, inCare: 4, closed: 2, registeredInMonth: 12, closedInMonth: 2, reopened: 0 }, { registered: 0, inCare: 0, closed: 1, registeredInMonth: 0, closedInMonth: 1, reopened: 0 }, { registered: 2, inCare: 3, closed: 1, registeredInMonth: 0, closedInMonth: 1, reopened: 0 }, { registered: 9, inCare: 1, closed: 0, registeredInMonth: 10, closedInMonth: 0, reopened: 0 }, { registered: 2, inCare: 0, closed: 0, registeredInMonth: 2, closedInMonth: 0, reopened: 0 }],
        [{ registered: 8, inCare: 16, closed: 3, registeredInMonth: 8, closedInMonth: 1, reopened: 0 }, { registered: 5, inCare: 2, closed: 1, registeredInMonth: 7, closedInMonth: 0, reopened: 0 }, { registered: 1, inCare: 3, closed: 2, registeredInMonth: 0, closedInMonth: 1, reopened: 0 }, { registered: 2, inCare: 9, closed: 0, registeredInMonth: 1, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 2, closed: 0, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }],
        [{ registered: 13, inCare: 18, closed: 8, registeredInMonth: 12, closedInMonth: 6, reopened: 1 }, { registered: 2, inCare: 5, closed: 1, registeredInMonth: 0, closedInMonth: 1, reopened: 1 }, { registered: 1, inCare: 2, closed: 3, registeredInMonth: 0, closedInMonth: 1, reopened: 0 }, { registered: 8, inCare: 8, closed: 4, registeredInMonth: 9, closedInMonth: 4, reopened: 0 }, { registered: 2, inCare: 3, closed: 0, registeredInMonth: 3, closedInMonth: 0, reopened: 0 }],
      ],
    };
    const protection = protectLinkedTable(m.truth);
    expect(protection.unresolved).toEqual([]);
    expect(protection.zeroComplements.length).toBeGreaterThan(0);
    const { recovered, bounded } = attack(m, report(m, 0, m.truth.length - 1));
    expect({ recovered, bounded }).toEqual({ recovered: [], bounded: [] });
  });

  it('a zero hidden as such a complement is the only kind of hidden zero, and the report stays safe (a second case the property test found)', () => {
    const m: Municipality = {
      districts: ['Centrum', 'Haven', 'Noord'],
      truth: [
        [{ registered: 1, inCare: 0, closed: 0, registeredInMonth: 1, closedInMonth: 0, reopened: 0 }, { registered: 1, inCare: 0, closed: 0, registeredInMonth: 1, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 0, closed: 0, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 0, closed: 0, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }],
        [{ registered: 2, inCare: 1, closed: 0, registeredInMonth: 2, closedInMonth: 0, reopened: 0 }, { registered: 1, inCare: 0, closed: 0, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }, { registered: 1, inCare: 0, closed: 0, registeredInMonth: 1, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 1, closed: 0, registeredInMonth: 1, closedInMonth: 0, reopened: 0 }],
        [{ registered: 1, inCare: 3, closed: 0, registeredInMonth: 1, closedInMonth: 0, reopened: 0 }, { registered: 1, inCare: 1, closed: 0, registeredInMonth: 1, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 1, closed: 0, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 1, closed: 0, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }],
        [{ registered: 1, inCare: 2, closed: 3, registeredInMonth: 2, closedInMonth: 3, reopened: 0 }, { registered: 0, inCare: 1, closed: 1, registeredInMonth: 0, closedInMonth: 1, reopened: 0 }, { registered: 0, inCare: 0, closed: 1, registeredInMonth: 0, closedInMonth: 1, reopened: 0 }, { registered: 1, inCare: 1, closed: 1, registeredInMonth: 2, closedInMonth: 1, reopened: 0 }],
        [{ registered: 8, inCare: 3, closed: 3, registeredInMonth: 8, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 1, closed: 1, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }, { registered: 8, inCare: 0, closed: 1, registeredInMonth: 8, closedInMonth: 0, reopened: 0 }, { registered: 0, inCare: 2, closed: 1, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }],
        [{ registered: 5, inCare: 5, closed: 4, registeredInMonth: 0, closedInMonth: 2, reopened: 0 }, { registered: 0, inCare: 0, closed: 2, registeredInMonth: 0, closedInMonth: 1, reopened: 0 }, { registered: 4, inCare: 4, closed: 1, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }, { registered: 1, inCare: 1, closed: 1, registeredInMonth: 0, closedInMonth: 1, reopened: 0 }],
        [{ registered: 10, inCare: 7, closed: 6, registeredInMonth: 9, closedInMonth: 2, reopened: 0 }, { registered: 9, inCare: 0, closed: 2, registeredInMonth: 9, closedInMonth: 0, reopened: 0 }, { registered: 1, inCare: 5, closed: 3, registeredInMonth: 0, closedInMonth: 2, reopened: 0 }, { registered: 0, inCare: 2, closed: 1, registeredInMonth: 0, closedInMonth: 0, reopened: 0 }],
      ],
    };
    const protection = protectLinkedTable(m.truth);
    expect(protection.unresolved).toEqual([]);
    const zeroComplements = new Set(protection.zeroComplements.map((z) => `${z.month}/${z.scope}/${z.measure}`));
    const r = report(m, 0, m.truth.length - 1);
    m.truth.forEach((scopes, t) =>
      scopes.forEach((truth, s) => {
        const cells = cellsOf(s === 0 ? r.months[t]! : r.districts[s - 1]!.months[t]!);
        for (const measure of MEASURES) if (truth[measure] === 0 && cells[measure].suppressed) expect(zeroComplements.has(`${t}/${s}/${measure}`)).toBe(true);
      }),
    );
    const { recovered, bounded } = attack(m, r);
    expect({ recovered, bounded }).toEqual({ recovered: [], bounded: [] });
  });

  // (its time is measured outside the tests: docs/benchmarks.md; timing assertions do not belong here)
  it('36 months of history in 8 districts, three years of a busy municipality: protected without falling back', () => {
    for (const seed of [1, 2, 3]) {
      const m = simulate(seed, 36, 8, 12);
      const { unresolved } = protectLinkedTable(m.truth);
      expect(unresolved).toEqual([]);
      const { recovered, bounded } = attack(m, report(m, 0, 35));
      expect({ recovered, bounded }).toEqual({ recovered: [], bounded: [] });
    }
  });
});

describe("the probe's two derivations on the demo's figures", () => {
  /** November/December of the demo (municipality; one district Havenkwartier and the rest). */
  const counts = (c: Partial<Counts>): Counts => ({ registered: 0, inCare: 0, closed: 0, registeredInMonth: 0, closedInMonth: 0, reopened: 0, ...c });

  it('in care = households registered so far − closed − registered (43 − 40 − 0 = 3) no longer works', () => {
    // October: 43 households, 6 in care, 37 closed; November: 3 closed in the month, 3 still in care
    const m: Municipality = {
      districts: ['Havenkwartier', 'Rest'],
      truth: [
        [counts({ inCare: 43, registeredInMonth: 43 }), counts({ inCare: 11, registeredInMonth: 11 }), counts({ inCare: 32, registeredInMonth: 32 })],
        [counts({ inCare: 6, closed: 37, closedInMonth: 37 }), counts({ inCare: 1, closed: 10, closedInMonth: 10 }), counts({ inCare: 5, closed: 27, closedInMonth: 27 })],
        [counts({ inCare: 3, closed: 40, closedInMonth: 3 }), counts({ inCare: 1, closed: 10 }), counts({ inCare: 2, closed: 30, closedInMonth: 3 })],
      ],
    };
    const r = report(m, 0, 2);
    const [, , nov] = r.months;
    expect(nov!.statusAtMonthEnd.inCare.suppressed).toBe(true);
    // the probe's subtraction: 43 − closed − registered — closed is no longer published beside a small in care
    expect(nov!.statusAtMonthEnd.closed.suppressed || nov!.statusAtMonthEnd.registered.suppressed).toBe(true);
    // Havenkwartier: 11 − 10 − 0 = 1 (one family) no longer works either
    const haven = r.districts[0]!.months;
    expect(haven[1]!.statusAtMonthEnd.inCare.suppressed).toBe(true);
    expect(haven[1]!.statusAtMonthEnd.closed.suppressed || haven[1]!.statusAtMonthEnd.registered.suppressed).toBe(true);
    const { recovered, bounded } = attack(m, r);
    expect({ recovered, bounded }).toEqual({ recovered: [], bounded: [] });
  });

  it('closed in the month = closed(m) − closed(m−1) (6 − 2 = 4) no longer works', () => {
    // the demo's first months: 43 households in care in January; 2 closed in February, 4 more in March. The probe
    // read closed(Feb) = 43 − 41 (in care) − 0 = 2 and closed(Mar) = 43 − 37 − 0 = 6, so March's hidden 4 = 6 − 2.
    const m: Municipality = {
      districts: ['Noord', 'Zuid'],
      truth: [
        [counts({ inCare: 43, registeredInMonth: 43 }), counts({ inCare: 23, registeredInMonth: 23 }), counts({ inCare: 20, registeredInMonth: 20 })],
        [counts({ inCare: 41, closed: 2, closedInMonth: 2 }), counts({ inCare: 22, closed: 1, closedInMonth: 1 }), counts({ inCare: 19, closed: 1, closedInMonth: 1 })],
        [counts({ inCare: 37, closed: 6, closedInMonth: 4 }), counts({ inCare: 20, closed: 3, closedInMonth: 2 }), counts({ inCare: 17, closed: 3, closedInMonth: 2 })],
      ],
    };
    const r = report(m, 0, 2);
    const [, feb, march] = r.months;
    expect(march!.closedInMonth.suppressed).toBe(true);
    // closed(Feb) = 43 − in care − registered: in care is hidden beside the small closed stock
    expect(feb!.statusAtMonthEnd.closed.suppressed).toBe(true);
    expect(feb!.statusAtMonthEnd.inCare.suppressed).toBe(true);
    const { recovered, bounded, knownValues } = attack(m, r);
    expect(knownValues.has('2/0/closedInMonth')).toBe(false);
    expect(knownValues.has('1/0/closed')).toBe(false);
    expect({ recovered, bounded }).toEqual({ recovered: [], bounded: [] });
  });
});
