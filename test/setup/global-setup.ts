import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { registerHooks } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync, type Options as SwcOptions } from '@swc/core';
import pg from 'pg';
import type { EmbeddedDatabase } from '../../src/database/embedded-postgres.js';

/**
 * Jest loads global setup outside its module system: @swc/jest turns this file into CommonJS and plain
 * `require` resolves its imports, so `../../src/x.js` would not find `src/x.ts` and `import.meta` would
 * not survive. This file therefore imports only packages and loads src/ through Node's real ESM loader,
 * with hooks that map `.js` specifiers to `.ts` files and compile them with the SWC options of
 * jest.config.js — the same transform the tests get.
 */

const ROOT = path.resolve(fileURLToPath(import.meta.url), '../../..');
const ROOT_URL = pathToFileURL(ROOT + path.sep).href;
const EMBEDDED_DIR = path.join(ROOT, '.data', 'test-embedded');
const TEST_DATABASE = 'eenplan_test';
/** Where teardown finds what setup started (both run in Jest's parent process). */
const STATE_KEY = Symbol.for('eenplan.test-run');

export interface TestRunState {
  dataDir: string;
  embedded?: EmbeddedDatabase;
}

// swc would turn `import()` into `require()`; this keeps a real ESM dynamic import.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

const say = (message: string) => process.stderr.write(`[test setup] ${message}\n`);

export default async function globalSetup(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'eenplan-test-'));
  process.env.TEST_DATA_DIR = dataDir;
  const state: TestRunState = { dataDir };
  (globalThis as Record<symbol, unknown>)[STATE_KEY] = state;

  const hooks = await registerTypeScriptHooks();
  try {
    const { startEmbeddedPostgres } = await importSource<typeof import('../../src/database/embedded-postgres.js')>('src/database/embedded-postgres.ts');
    const { prepareSchemaAndLogins } = await importSource<typeof import('../../src/database/migrate.js')>('src/database/migrate.ts');
    const { loadConfig } = await importSource<typeof import('../../src/config/app-config.js')>('src/config/app-config.ts');

    let url = process.env.DATABASE_URL?.trim() || undefined;
    if (url) {
      say(`using DATABASE_URL ${redact(url)}`);
    } else {
      state.embedded = await startEmbeddedPostgres(EMBEDDED_DIR, 'postgres', say);
      url = await recreateDatabase(state.embedded.url, TEST_DATABASE);
      process.env.DATABASE_URL = url;
    }
    // as the owner: migrations, then the login roles the apps under test connect as (DATABASE_URL stays the
    // owner's, for tests that arrange or inspect rows as the owner; the apps resolve the same logins)
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: url });
    const { appliedMigrations: applied } = await prepareSchemaAndLogins(config, { migrate: true, log: say });
    say(`migrations applied: ${applied.length > 0 ? applied.join(', ') : 'none pending'}`);
  } catch (error) {
    // Jest skips global teardown when setup fails: clean up here.
    await state.embedded?.stop().catch(() => undefined);
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  } finally {
    hooks.deregister();
  }
}

function importSource<T>(relativePath: string): Promise<T> {
  return importEsm<T>(new URL(relativePath, ROOT_URL).href);
}

async function registerTypeScriptHooks(): Promise<{ deregister(): void }> {
  const jestConfig = (await importEsm<{ default: { transform: Record<string, [string, SwcOptions]> } }>(new URL('jest.config.js', ROOT_URL).href)).default;
  const swcOptions = Object.values(jestConfig.transform).find(([name]) => name === '@swc/jest')?.[1];
  if (!swcOptions) throw new Error('jest.config.js has no @swc/jest transform');
  const ours = (url: string | undefined) => url !== undefined && url.startsWith(ROOT_URL) && !url.includes('/node_modules/');

  return registerHooks({
    resolve(specifier, context, nextResolve) {
      if (ours(context.parentURL) && /^\.{1,2}\/.*\.js$/.test(specifier)) {
        const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
        if (!existsSync(new URL(specifier, context.parentURL)) && existsSync(candidate)) {
          return { url: candidate.href, format: 'module', shortCircuit: true };
        }
      }
      return nextResolve(specifier, context);
    },
    load(url, context, nextLoad) {
      if (ours(url) && url.endsWith('.ts')) {
        const filename = fileURLToPath(url);
        const { code } = transformSync(readFileSync(filename, 'utf8'), {
          ...swcOptions,
          filename,
          sourceMaps: 'inline',
          module: { type: 'es6' },
        });
        return { format: 'module', source: code, shortCircuit: true };
      }
      return nextLoad(url, context);
    },
  });
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
    return '(unparseable URL)';
  }
}
