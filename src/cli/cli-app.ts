import 'reflect-metadata';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { prepareDatabase } from '../bootstrap.js';
import { ConfigError, loadConfig, type AppConfig } from '../config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../database/embedded-postgres.js';

/** Shared plumbing of the command-line tools: output, arguments, errors and the database they talk to. */

/** Results go to stdout; progress and diagnostics to stderr, so `$(npm run --silent token …)` captures only the token. */
export const out = (message: string) => process.stdout.write(`${message}\n`);
export const info = (message: string) => process.stderr.write(`${message}\n`);

/** An error the user can fix: printed without a stack trace, exit code 1. */
export class CliError extends Error {}

export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(options: T, usage: string, args: string[] = process.argv.slice(2)) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

export interface CliDatabase {
  url: string;
  config: AppConfig;
  appliedMigrations: string[];
  /** Stops the embedded server if this process started it (a server the app runs is left alone). */
  close: () => Promise<void>;
}

/**
 * DATABASE_URL, or the embedded server under DATA_DIR (reused when the app already runs it). With `migrate`
 * the pending migrations run first, exactly as at app start.
 */
export async function openDatabase(options: { migrate: boolean; config?: AppConfig; log?: (message: string) => void }): Promise<CliDatabase> {
  const config = options.config ?? loadConfig();
  const log = options.log ?? info;
  if (options.migrate) {
    const prepared = await prepareDatabase(config, log);
    return { url: prepared.config.database.logins?.ownerUrl ?? prepared.config.databaseUrl!, config: prepared.config, appliedMigrations: prepared.appliedMigrations, close: stopper(prepared.embedded) };
  }
  if (config.databaseUrl) return { url: config.databaseUrl, config, appliedMigrations: [], close: async () => undefined };
  const embedded = await startEmbeddedPostgres(config.dataDir, 'eenplan', log);
  return { url: embedded.url, config: { ...config, databaseUrl: embedded.url }, appliedMigrations: [], close: stopper(embedded) };
}

function stopper(embedded: EmbeddedDatabase | undefined): () => Promise<void> {
  let stopped = false;
  return async () => {
    if (stopped || !embedded) return;
    stopped = true;
    await embedded.stop();
  };
}

/**
 * Runs a tool's main function and exits with its code. Configuration problems and CliErrors print their
 * message only; anything else prints the stack. `cleanup` runs in every case (it stops an embedded server).
 */
export function runCli(main: (onExit: (cleanup: () => Promise<void>) => void) => Promise<number | void>): void {
  const cleanups: Array<() => Promise<void>> = [];
  const finish = async (code: number) => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => info(`cleanup failed: ${String(error)}`));
    process.exit(code);
  };
  const interrupted = () => void finish(130);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  main((cleanup) => cleanups.push(cleanup))
    .then((code) => finish(code ?? 0))
    .catch((error: unknown) => {
      if (error instanceof ConfigError || error instanceof CliError) info(error.message);
      else info(error instanceof Error ? (error.stack ?? error.message) : String(error));
      return finish(1);
    });
}

/** PostgreSQL error code of a driver error, if any. */
export function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export const NO_SCHEMA_HINT = 'The database has no Eenplan schema yet: start the app once (npm start) or run npm run migrate.';
