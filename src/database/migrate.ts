import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { CONNECT_TIMEOUT_MS, dataSourceOptions } from './data-source-options.js';
import type { EntityClass } from './entity-class.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { plannedLogins, provisionLogins, readyLogins, type DatabaseLogins } from './database-logins.js';

/**
 * One advisory lock per database serialises schema work: replicas that start together on a database with
 * pending migrations take turns — the first migrates, the others wait, find nothing pending and start.
 */
const SCHEMA_LOCK_SQL = `hashtext('eenplan:schema')`;

/** Runs `work` while holding the schema lock of the database at `url` (a session of its own holds it). */
export async function withSchemaLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const holder = new pg.Client({ connectionString: url, application_name: 'eenplan-schema-lock', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  holder.on('error', () => undefined); // a lost session releases the lock; the work itself reports the failure
  await holder.connect();
  try {
    await holder.query(`SELECT pg_advisory_lock(${SCHEMA_LOCK_SQL})`);
    return await work();
  } finally {
    await holder.end().catch(() => undefined);
  }
}

/** Applies pending migrations (each in its own transaction) under the schema lock. Returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  return withSchemaLock(url, () => migrateHoldingLock(url));
}

async function migrateHoldingLock(url: string): Promise<string[]> {
  const ds = await new DataSource(dataSourceOptions(url, [], 2)).initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * The start-up schema work: with owner credentials, migrations and then the login roles (both under the
 * lock); with only the logins configured, nothing to do here — `npm run migrate` with MIGRATION_DATABASE_URL
 * does the migrations.
 */
export async function prepareSchemaAndLogins(
  config: AppConfig,
  options: { migrate: boolean; log: (message: string) => void },
): Promise<{ logins: DatabaseLogins; appliedMigrations: string[] }> {
  const plan = plannedLogins(config);
  if (plan.logins) {
    const appliedMigrations = options.migrate && plan.ownerUrl ? await runMigrations(plan.ownerUrl) : [];
    return { logins: plan.logins, appliedMigrations };
  }
  const ownerUrl = plan.ownerUrl;
  if (!ownerUrl) throw new Error('No database configured: set DATABASE_URL (or leave it unset for the embedded PostgreSQL)');
  // the usual restart: nothing pending and the roles as needed — replicas then start side by side, without the lock
  if (!options.migrate || (await pendingMigrationCount(ownerUrl)) === 0) {
    const ready = await readyLogins(config, ownerUrl);
    if (ready) return { logins: ready, appliedMigrations: [] };
  }
  return withSchemaLock(ownerUrl, async () => {
    const appliedMigrations = options.migrate ? await migrateHoldingLock(ownerUrl) : [];
    const logins = await provisionLogins(config, ownerUrl, options.log);
    return { logins, appliedMigrations };
  });
}

/** How many of our migrations the database has not recorded yet (read-only; every one when it has no table yet). */
async function pendingMigrationCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, application_name: 'eenplan-migrate', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows: table } = await client.query<{ present: boolean }>(`SELECT to_regclass('public.schema_migration') IS NOT NULL AS present`);
    const rows = table[0]?.present ? (await client.query<{ name: string }>('SELECT name FROM schema_migration')).rows : [];
    const applied = new Set(rows.map((r) => r.name));
    return MIGRATIONS.filter((migration) => !applied.has(new migration().name ?? migration.name)).length;
  } finally {
    await client.end();
  }
}

/** SQL the schema builder would still run to match the entities: empty when entities and migrations agree. */
export async function pendingSchemaChanges(url: string, entities: readonly EntityClass[]): Promise<string[]> {
  const ds = await new DataSource(dataSourceOptions(url, entities, 2)).initialize();
  try {
    const sql = await ds.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query);
  } finally {
    await ds.destroy();
  }
}
