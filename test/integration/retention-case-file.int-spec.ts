import type { DataSource } from 'typeorm';
import { CASE_FILE_STATEMENTS, CASE_FILE_TABLES_REFERENCING_HOUSEHOLD, CASE_KEEPING_TABLES } from '../../src/privacy/retention/case-file.purge.js';
import { ownerDb } from './support.js';

/**
 * The case-file purge deletes a household with every row that depends on it. A table added later with a foreign
 * key to `household` (or to a table the purge deletes without a cascade) would make the purge stop at that key and
 * leave the case in place: this test reads the foreign keys from the database and fails until the table is added —
 * to the purge, or to the tables whose rows keep their case (the purge then never reaches a household they name).
 */
let db: DataSource;

beforeAll(async () => {
  db = await ownerDb();
});

afterAll(async () => {
  await db?.destroy();
});

/** Tables whose foreign keys point at `table` without ON DELETE CASCADE. */
async function blockingReferences(table: string): Promise<string[]> {
  const rows = await db.query<Array<{ child: string }>>(
    `SELECT DISTINCT c.conrelid::regclass::text AS child FROM pg_constraint c
     WHERE c.contype = 'f' AND c.confrelid = $1::regclass AND c.confdeltype <> 'c' AND c.conrelid <> c.confrelid ORDER BY 1`,
    [table],
  );
  return rows.map((r) => r.child);
}

describe('the case-file purge covers every table that holds part of a case', () => {
  it('names every table with a foreign key to household: purged with the case, or keeping it', async () => {
    const referencing = (
      await db.query<Array<{ child: string }>>(
        `SELECT DISTINCT c.conrelid::regclass::text AS child FROM pg_constraint c WHERE c.contype = 'f' AND c.confrelid = 'household'::regclass ORDER BY 1`,
      )
    ).map((r) => r.child);
    expect(referencing.sort()).toEqual([...CASE_FILE_TABLES_REFERENCING_HOUSEHOLD, ...CASE_KEEPING_TABLES].sort());
  });

  it('deletes from every table that would otherwise block a deleted row, before that row (directly or by cascade)', async () => {
    const order = CASE_FILE_STATEMENTS.map((s) => /^DELETE FROM (\w+)/.exec(s)?.[1]).filter((t): t is string => t !== undefined);
    const cascades = await db.query<Array<{ child: string; parent: string }>>(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c WHERE c.contype = 'f' AND c.confdeltype = 'c'`,
    );
    /** When a table's rows of the case are gone: its own DELETE, or the earliest parent whose delete cascades to it. */
    const goneAt = (table: string, seen = new Set<string>()): number => {
      const own = order.indexOf(table);
      if (seen.has(table)) return Number.POSITIVE_INFINITY;
      seen.add(table);
      const viaParents = cascades.filter((c) => c.child === table).map((c) => goneAt(c.parent, seen));
      return Math.min(own === -1 ? Number.POSITIVE_INFINITY : own, ...viaParents);
    };
    const problems: string[] = [];
    for (const table of new Set(order)) {
      for (const child of await blockingReferences(table)) {
        // a row here keeps its case: the purge skips that household (and so its members) altogether
        if ((CASE_KEEPING_TABLES as readonly string[]).includes(child)) continue;
        const at = goneAt(child);
        if (at === Number.POSITIVE_INFINITY) problems.push(`${child} references ${table} but is never purged`);
        else if (at > order.indexOf(table)) problems.push(`${child} is purged after ${table}, which it references`);
      }
    }
    expect(problems).toEqual([]);
  });
});
