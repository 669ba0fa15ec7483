import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { sqlLiteral } from '../../src/database/sql-literal.js';

/**
 * The literals of statements that travel without parameters (the tenant setting sent with START TRANSACTION as a
 * simple-protocol message, the audit chain's COPY): whatever a value holds, PostgreSQL must read back exactly that value — never more
 * SQL. Checked against the server itself, with arbitrary text (quotes, backslashes, `$$`, unicode).
 */

let ds: DataSource;

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is set by test/setup/global-setup.ts: run the tests through Jest');
  ds = await new DataSource({ type: 'postgres', url, entities: [], extra: { max: 1 } }).initialize();
});

afterAll(async () => {
  await ds?.destroy();
});

// PostgreSQL text cannot hold NUL; node-postgres refuses it as a parameter too
const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0'));
const tricky = fc.constantFrom("'", "''", '\\', "\\'", '"', '\\"', '$$', "'); DROP TABLE tenant; --", 'E\'x\'', '{a,b}', 'NULL', '\n');
const anyText = fc.oneof(text, tricky, fc.array(tricky, { maxLength: 5 }).map((parts) => parts.join('')));

it('reads back every string exactly', async () => {
  await fc.assert(
    fc.asyncProperty(anyText, async (value) => {
      const [row] = await ds.query<Array<{ v: string }>>(`SELECT ${sqlLiteral(value)}::text AS v`);
      expect(row!.v).toBe(value);
    }),
    { numRuns: 150 },
  );
});

it('reads back every array of strings exactly, element for element, NULLs included', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.option(anyText, { nil: null }), { maxLength: 6 }), async (values) => {
      const [row] = await ds.query<Array<{ v: Array<string | null> }>>(`SELECT ${sqlLiteral(values)}::text[] AS v`);
      expect(row!.v).toEqual(values);
    }),
    { numRuns: 150 },
  );
});

it('reads back timestamps to the millisecond, numbers, booleans and NULL', async () => {
  const at = new Date('2026-12-03T07:32:34.775Z');
  const [row] = await ds.query<Array<{ t: Date; n: number; b: boolean; z: null }>>(
    `SELECT ${sqlLiteral(at)}::timestamptz AS t, ${sqlLiteral(404)}::int AS n, ${sqlLiteral(true)}::boolean AS b, ${sqlLiteral(null)}::text AS z`,
  );
  expect(row).toEqual({ t: at, n: 404, b: true, z: null });
});

it('refuses what it cannot write safely', () => {
  expect(() => sqlLiteral(Number.NaN)).toThrow();
  expect(() => sqlLiteral(new Date('not a date'))).toThrow();
  expect(() => sqlLiteral({ a: 1 } as unknown as string)).toThrow();
  expect(() => sqlLiteral([1] as unknown as string[])).toThrow();
});
