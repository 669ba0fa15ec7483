import type { AppConfig } from './config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { prepareSchemaAndLogins } from './database/migrate.js';

export interface PreparedDatabase {
  /** `databaseUrl` is the owner's URL (or the app login when only logins were given); `database.logins` the runtime logins. */
  config: AppConfig;
  embedded?: EmbeddedDatabase;
  appliedMigrations: string[];
}

/**
 * Resolves the database before Nest starts: DATABASE_URL when set, otherwise the embedded server under
 * DATA_DIR. Either way the same migrations run (as the owner, under an advisory lock so replicas starting
 * together take turns) and the runtime gets its two login roles, so both paths share one schema and one code path.
 */
export async function prepareDatabase(config: AppConfig, log: (message: string) => void): Promise<PreparedDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url && !config.database.migrationUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, 'eenplan', log);
    url = embedded.url;
  }
  const withUrl = { ...config, databaseUrl: url };
  const { logins, appliedMigrations } = await prepareSchemaAndLogins(withUrl, { migrate: true, log });
  return { config: { ...withUrl, database: { ...withUrl.database, logins } }, embedded, appliedMigrations };
}

/** The runtime logins for an app built from a config that did not go through prepareDatabase (tests, benchmarks). */
export async function resolveLogins(config: AppConfig, log: (message: string) => void): Promise<AppConfig> {
  if (config.database.logins) return config;
  const { logins } = await prepareSchemaAndLogins(config, { migrate: false, log });
  return { ...config, database: { ...config.database, logins } };
}
