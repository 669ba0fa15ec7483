import type { TransactionHost } from '../database/transaction-host.js';
import type { DemoHistory } from './demo-history.js';
import { DEMO_TABLES, type DemoTable } from './demo-rows.js';

/** Rows per statement: one JSON parameter each, so a year of history is a few dozen statements. */
const BATCH = 1000;

/**
 * Writes the demo's history in bulk: per table, multi-row `INSERT … SELECT FROM jsonb_to_recordset($1)` inside the
 * caller's transaction, which runs for the demo municipality as the request role — so row-level security, every
 * check and foreign key, and the triggers (the coordination state of each household, the append-only plan
 * revisions) hold for these rows exactly as for the API's. Tables go in foreign-key order (DEMO_TABLES); last, the
 * households reopened and not yet taken up are reopened (see DemoHistory.reopenedWaiting).
 */
export class DemoHistoryRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insertAll({ rows, reopenedWaiting }: DemoHistory): Promise<number> {
    let written = 0;
    for (const table of Object.keys(DEMO_TABLES) as DemoTable[]) {
      const columns = Object.entries(DEMO_TABLES[table]);
      const names = columns.map(([name]) => `"${name}"`).join(', ');
      const types = columns.map(([name, type]) => `"${name}" ${type}`).join(', ');
      const sql = `INSERT INTO "${table}" (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${types})`;
      for (let i = 0; i < rows[table].length; i += BATCH) {
        const batch = rows[table].slice(i, i + BATCH);
        await this.tx.manager.query(sql, [JSON.stringify(batch)]);
        written += batch.length;
      }
    }
    if (reopenedWaiting.length > 0) {
      await this.tx.manager.query(`UPDATE household SET status = 'registered', closed_at = NULL WHERE id = ANY($1::uuid[])`, [reopenedWaiting]);
    }
    return written;
  }
}
