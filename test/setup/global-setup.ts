import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { runMigrations } from '../../src/database/migrate.js';
import { setTestRun } from './test-run.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EMBEDDED_DIR = path.join(PROJECT_ROOT, '.data', 'test-embedded');
const TEST_DATABASE = 'eenplan_test';

const say = (message: string) => process.stderr.write(`[test setup] ${message}\n`);

/**
 * DATABASE_URL set → that database, used as given (CI creates it fresh). Unset → the embedded PostgreSQL
 * under .data/test-embedded with a freshly recreated `eenplan_test` database. Either way the migrations run,
 * and the URL is exported for the test files (they run in this process: --runInBand).
 */
export default async function globalSetup(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'eenplan-test-'));
  process.env.TEST_DATA_DIR = dataDir;

  let url = process.env.DATABASE_URL?.trim() || undefined;
  if (url) {
    say(`using DATABASE_URL (${redact(url)})`);
    setTestRun({ dataDir });
  } else {
    const embedded = await startEmbeddedPostgres(EMBEDDED_DIR, 'postgres', say);
    setTestRun({ dataDir, embedded });
    url = await recreateDatabase(embedded.url, TEST_DATABASE);
    process.env.DATABASE_URL = url;
  }

  const applied = await runMigrations(url);
  say(`migrations applied: ${applied.length > 0 ? applied.join(', ') : 'none pending'}`);
}

/** Drops and creates the test database on the server of `adminUrl`; returns its URL. */
async function recreateDatabase(adminUrl: string, database: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'unparseable URL';
  }
}
