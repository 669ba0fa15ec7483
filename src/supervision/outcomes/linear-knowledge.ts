/**
 * Exact linear algebra for the suppression audit (linked-suppression.ts): what an attacker who knows every
 * published figure and the linear relations between them can work out about the hidden ones.
 *
 * Unknowns are numbered; an equation is a sparse row of rational coefficients (its constant is not carried: the
 * audit knows the true value of every unknown, so the constant of any combination is Σ coefficient × truth).
 * `Knowledge` keeps the rows in reduced row echelon form: every row has a pivot (coefficient 1) that occurs in no
 * other row. An unknown is determined exactly when some reduced row has it as its only unknown; such rows are
 * taken out and the unknown is then a known constant. Arithmetic is exact (integers well inside 2^53; the
 * coefficients of these relations stay tiny — anything else throws instead of rounding).
 */

export interface Frac {
  n: number;
  d: number;
}

const gcd = (a: number, b: number): number => {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
};

/** small integers, shared (fractions are never changed in place) */
const SMALL: Frac[] = Array.from({ length: 65 }, (_, i) => Object.freeze({ n: i - 32, d: 1 }));
const ZERO = SMALL[32]!;

function frac(n: number, d = 1): Frac {
  if (d === 1 && n >= -32 && n <= 32 && Number.isInteger(n)) return SMALL[n + 32]!;
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || d === 0) throw new Error('suppression audit: coefficient out of exact range');
  if (n === 0) return ZERO;
  if (d === 1) return { n, d };
  const g = gcd(n, d) * (d < 0 ? -1 : 1);
  return { n: n / g, d: d / g };
}

// integers (by far the common case) skip the gcd
const mul = (a: Frac, b: Frac) => (a.d === 1 && b.d === 1 ? frac(a.n * b.n) : frac(a.n * b.n, a.d * b.d));
const div = (a: Frac, b: Frac) => (a.d === 1 && b.d === 1 && b.n === 1 ? a : frac(a.n * b.d, a.d * b.n));
const sub = (a: Frac, b: Frac) => (a.d === 1 && b.d === 1 ? frac(a.n - b.n) : frac(a.n * b.d - b.n * a.d, a.d * b.d));

export type Row = Map<number, Frac>;

/** An equation with integer coefficients, as written down: pairs of unknown id and coefficient. */
export type Equation = ReadonlyArray<readonly [number, number]>;

export class Knowledge {
  /** pivot → its row (the row includes the pivot with coefficient 1) */
  private rows = new Map<number, Row>();
  /** unknown → pivots of the rows it occurs in as a non-pivot (sets shared with the original until changed) */
  private occurs = new Map<number, Set<number>>();
  private readonly ownSets = new Set<number>();
  /** unknowns found determined before this copy was made (shared, never changed) */
  private base: ReadonlySet<number> = new Set();
  /** unknowns found determined since this copy was made */
  readonly fresh = new Set<number>();
  /** pivots of the rows added or changed since this copy was made */
  readonly touched = new Set<number>();

  /** A copy to try more equations on (rows are replaced, never changed in place, so they are shared). */
  clone(): Knowledge {
    const k = new Knowledge();
    k.rows = new Map(this.rows);
    k.occurs = new Map(this.occurs);
    k.base = this.fresh.size === 0 ? this.base : new Set([...this.base, ...this.fresh]);
    return k;
  }

  /** Every unknown the attacker can work out exactly. */
  allDetermined(): number[] {
    return [...this.base, ...this.fresh];
  }

  /** Whether the attacker can work the unknown out exactly. */
  isDetermined(id: number): boolean {
    return this.fresh.has(id) || this.base.has(id);
  }

  /** The reduced rows (each with two or more unknowns: determined ones are taken out). */
  reducedRows(): Iterable<Row> {
    return this.rows.values();
  }

  /** The reduced rows added or changed since this copy was made. */
  touchedRows(): Row[] {
    return [...this.touched].flatMap((p) => this.rows.get(p) ?? []);
  }

  /**
   * Adds one equation. `known(id)` says whether an unknown is published (a constant); those terms are dropped.
   * Returns the unknowns that became determined.
   */
  add(equation: Equation, known: (id: number) => boolean): number[] {
    const row: Row = new Map();
    for (const [id, c] of equation) {
      if (c === 0 || known(id) || this.isDetermined(id)) continue;
      const prev = row.get(id);
      const next = prev ? sub(prev, frac(-c)) : frac(c);
      if (next.n === 0) row.delete(id);
      else row.set(id, next);
    }
    // reduce against the existing pivots
    for (const id of [...row.keys()]) {
      const pivotRow = this.rows.get(id);
      const c = row.get(id);
      if (!pivotRow || !c) continue;
      subtractInto(row, c, pivotRow);
    }
    if (row.size === 0) return [];
    // the newest unknown becomes the pivot: older rows then rarely change
    const pivot = Math.max(...row.keys());
    const scale = row.get(pivot)!;
    for (const [id, c] of row) row.set(id, div(c, scale));
    // eliminate the pivot from the rows it occurs in
    const changed = [pivot];
    for (const p of [...(this.occurs.get(pivot) ?? [])]) {
      const other = this.rows.get(p)!;
      const c = other.get(pivot)!;
      this.replace(p, axpy(other, c, row));
      changed.push(p);
    }
    this.occurs.delete(pivot);
    this.ownSets.delete(pivot);
    this.insert(pivot, row);
    // rows left with one unknown: that unknown is determined; take it out
    const found: number[] = [];
    for (const p of changed) {
      this.touched.add(p);
      if (this.rows.get(p)?.size === 1) {
        this.remove(p);
        this.fresh.add(p);
        found.push(p);
      }
    }
    return found;
  }

  private insert(pivot: number, row: Row) {
    this.rows.set(pivot, row);
    for (const id of row.keys()) if (id !== pivot) this.occursIn(id).add(pivot);
  }

  private remove(pivot: number) {
    const row = this.rows.get(pivot)!;
    for (const id of row.keys()) if (id !== pivot && this.occurs.has(id)) this.occursIn(id).delete(pivot);
    this.rows.delete(pivot);
  }

  private replace(pivot: number, row: Row) {
    this.remove(pivot);
    this.insert(pivot, row);
  }

  /** the set for `id`, this copy's own (copied on first change) */
  private occursIn(id: number): Set<number> {
    let s = this.occurs.get(id);
    if (!s || !this.ownSets.has(id)) {
      this.occurs.set(id, (s = new Set(s)));
      this.ownSets.add(id);
    }
    return s;
  }
}

/** row − c × other (sparse), as a new row. */
function axpy(row: Row, c: Frac, other: Row): Row {
  const out = new Map(row);
  subtractInto(out, c, other);
  return out;
}

/** out −= c × other, in place (only on a row no one else holds). */
function subtractInto(out: Row, c: Frac, other: Row): void {
  for (const [id, v] of other) {
    const next = sub(out.get(id) ?? ZERO, mul(c, v));
    if (next.n === 0) out.delete(id);
    else out.set(id, next);
  }
}

/** The coefficient as a plain number (for sign and bound checks). */
export const valueOf = (f: Frac) => f.n / f.d;
