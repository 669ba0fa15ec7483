import type { AppConfig } from './config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { runMigrations } from './database/migrate.js';

export interface PreparedDatabase {
  config: AppConfig;
  embedded?: EmbeddedDatabase;
  appliedMigrations: string[];
}

/**
 * Resolves the database before Nest starts: DATABASE_URL when set, otherwise the embedded server under
 * DATA_DIR. Either way the same migrations run, so both paths share one schema and one code path.
 */
export async function prepareDatabase(config: AppConfig, log: (message: string) => void): Promise<PreparedDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir, 'eenplan', log);
    url = embedded.url;
  }
  const appliedMigrations = await runMigrations(url);
  return { config: { ...config, databaseUrl: url }, embedded, appliedMigrations };
}
