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
  // asked for: the usage on stdout and a clean exit, before anything is opened (it was "Unknown option '--help'")
  if (args.includes('--help') || args.includes('-h')) {
    out(usage);
    process.exit(0);
  }
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
 * Runs a tool's main function and exits with its code. Every failure is one line on stderr, never a stack trace:
 * an operator acts on the message, and a trace would only hide it. `cleanup` runs in every case (it stops an
 * embedded server).
 */
export function runCli(main: (onExit: (cleanup: () => Promise<void>) => void) => Promise<number | void>): void {
  const cleanups: Array<() => Promise<void>> = [];
  let finishing = false;
  const finish = async (code: number) => {
    if (finishing) return;
    finishing = true;
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => info(`cleanup failed: ${String(error)}`));
    process.exit(code);
  };
  const interrupted = () => void finish(130);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  // An error emitted outside main's promise (a driver's socket, say) is still one line and exit code 1.
  process.on('uncaughtException', (error) => {
    if (finishing) return;
    info(describeFailure(error));
    void finish(1);
  });
  main((cleanup) => cleanups.push(cleanup))
    .then((code) => finish(code ?? 0))
    .catch((error: unknown) => {
      info(describeFailure(error));
      return finish(1);
    });
}

/**
 * The one line a failed command prints. Our own errors (CliError, ConfigError) already say what to do; database
 * and network errors get their code and what it usually means. Messages of driver errors name tables and
 * constraints, never row values, so they are safe to show.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof CliError) return error.message;
  const message = oneLine(error instanceof Error ? error.message : String(error));
  const code = pgCode(error);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
    return `Error: cannot reach the database (${code}: ${message}). Check DATABASE_URL, or unset it to use the embedded database.`;
  }
  if (code === '28P01' || code === '28000') return `Error: the database refused the credentials in DATABASE_URL (${message}).`;
  if (code === '42P01') return `Error: ${NO_SCHEMA_HINT}`;
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) {
    const constraint = typeof error === 'object' && error !== null && 'constraint' in error && typeof error.constraint === 'string' ? `, constraint ${error.constraint}` : '';
    return `Error: the database refused the command (SQLSTATE ${code}${constraint}): ${message}`;
  }
  return `Error: ${message}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** PostgreSQL error code of a driver error, if any. */
export function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export const NO_SCHEMA_HINT = 'The database has no Eenplan schema yet: start the app once (npm start) or run npm run migrate.';
