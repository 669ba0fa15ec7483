import { APP_ENTITIES } from '../app.entities.js';
import { pendingSchemaChanges } from '../database/migrate.js';
import { info, openDatabase, out, runCli } from './cli-app.js';

/**
 * npm run migration:check — runs the migrations, then asks the schema builder what it would still change to
 * match the entities. Anything left means an entity changed without a migration: exit 1 with the SQL.
 */
runCli(async (onExit) => {
  const db = await openDatabase({ migrate: true });
  onExit(db.close);
  if (db.appliedMigrations.length > 0) info(`Applied migrations: ${db.appliedMigrations.join(', ')}`);
  const pending = await pendingSchemaChanges(db.url, APP_ENTITIES);
  if (pending.length === 0) {
    out('entities and migrations agree');
    return 0;
  }
  info(`Entities and migrations disagree: ${pending.length} statement(s) missing from the migrations. Add a migration containing:`);
  for (const sql of pending) out(`${sql};`);
  return 1;
});
