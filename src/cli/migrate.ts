import { openDatabase, out, runCli } from './cli-app.js';

/** npm run migrate — applies pending migrations (DATABASE_URL, or the embedded server under DATA_DIR) and names them. */
runCli(async (onExit) => {
  const db = await openDatabase({ migrate: true });
  onExit(db.close);
  if (db.appliedMigrations.length === 0) {
    out('No pending migrations: the schema is up to date.');
    return;
  }
  out(`Applied ${db.appliedMigrations.length} migration(s):`);
  for (const name of db.appliedMigrations) out(name);
});
