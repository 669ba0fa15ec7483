import pg from 'pg';

/** A value the literal renderer knows how to write: what the transaction scope and the audit chain's COPY need. */
export type LiteralValue = string | number | boolean | Date | null | undefined | ReadonlyArray<string | null>;

/**
 * A value as an SQL literal, for statements that carry no parameters: `START TRANSACTION` with the tenant setting
 * in one simple-protocol message (where it cannot travel with a statement, see transaction-frame.ts), `COPY`. The
 * text is what node-postgres would send as a parameter (ISO timestamps, `{…}` array text), quoted with its
 * `escapeLiteral`, and left untyped, so PostgreSQL infers the type from the target column as it does for a
 * parameter. Anything else is refused rather than guessed at.
 */
export function sqlLiteral(value: LiteralValue): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('sqlLiteral: not a finite number');
    return String(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error('sqlLiteral: invalid date');
    return quoted(value.toISOString());
  }
  if (typeof value === 'string') return quoted(value);
  if (Array.isArray(value)) return quoted(arrayText(value as ReadonlyArray<string | null>));
  throw new Error(`sqlLiteral: unsupported value of type ${typeof value}`);
}

const NEEDS_ESCAPING = /['\\]/;

/**
 * `escapeLiteral`'s answer, without its character-by-character concatenation for the usual value (ids, times, codes,
 * routes) that holds no quote or backslash: that loop was 4 % of everything a read allocates (profile in
 * docs/benchmarks.md). Values with either still go through `escapeLiteral` itself.
 */
function quoted(text: string): string {
  return NEEDS_ESCAPING.test(text) ? pg.escapeLiteral(text) : `'${text}'`;
}

/** PostgreSQL's array input syntax: every element double-quoted, backslash and quote escaped; NULL bare. */
function arrayText(values: ReadonlyArray<string | null>): string {
  const element = (v: string | null) => {
    if (v === null) return 'NULL';
    if (typeof v !== 'string') throw new Error('sqlLiteral: arrays of strings only');
    return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  };
  return `{${values.map(element).join(',')}}`;
}
