import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { AppConfig, DatabaseLogins } from '../config/app-config.js';

/** The database roles of migrations/1764396000000-row-level-security.ts; the runtime logs in as them. */
export const APP_ROLE = 'eenplan_app';
export const WORKER_ROLE = 'eenplan_worker';

/** Declared with the configuration that carries it (config is the lowest floor and imports nothing). */
export type { DatabaseLogins } from '../config/app-config.js';

type Log = (message: string) => void;

const AUTH_FAILED = new Set(['28P01', '28000']);

/**
 * Works out the logins from the configuration:
 * - DATABASE_URL names `eenplan_app` → it is the app login; DATABASE_WORKER_URL the worker login;
 *   MIGRATION_DATABASE_URL (optional) the owner for migrations.
 * - otherwise the owner URL is MIGRATION_DATABASE_URL or DATABASE_URL (a superuser or the schema owner): the
 *   roles are provisioned as login roles on it and the logins are that URL with their user and password.
 */
export function plannedLogins(config: AppConfig): { logins?: DatabaseLogins; ownerUrl?: string } {
  const { databaseUrl } = config;
  const { migrationUrl, workerUrl } = config.database;
  if (databaseUrl && userOf(databaseUrl) === APP_ROLE) {
    if (!workerUrl) throw new Error(`DATABASE_URL logs in as ${APP_ROLE}: set DATABASE_WORKER_URL to the ${WORKER_ROLE} login as well`);
    return { logins: { appUrl: databaseUrl, workerUrl, ownerUrl: migrationUrl }, ownerUrl: migrationUrl };
  }
  return { ownerUrl: migrationUrl ?? databaseUrl };
}

/**
 * Makes `eenplan_app` and `eenplan_worker` login roles on the owner's server and returns their URLs. Roles are
 * cluster-wide (several databases may share them, tests run side by side), so this is idempotent, changes a
 * role only when it is not yet as needed, and gives every process that uses the same owner credentials the
 * same passwords: configured ones, or derived from a secret (the owner's password, else one kept in DATA_DIR).
 * Table grants are per database and live in the migrations.
 */
export async function provisionLogins(config: AppConfig, ownerUrl: string, log: Log): Promise<DatabaseLogins> {
  return (await withLoginRoles(config, ownerUrl, log, true))!;
}

/** The logins if both roles are already as needed (nothing to change, so no lock needed); otherwise undefined. */
export async function readyLogins(config: AppConfig, ownerUrl: string): Promise<DatabaseLogins | undefined> {
  return withLoginRoles(config, ownerUrl, () => undefined, false);
}

async function withLoginRoles(config: AppConfig, ownerUrl: string, log: Log, mayChange: boolean): Promise<DatabaseLogins | undefined> {
  const secret = await derivationSecret(config, ownerUrl);
  const passwords = {
    [APP_ROLE]: config.database.appPassword ?? derive(secret, APP_ROLE),
    [WORKER_ROLE]: config.database.workerPassword ?? derive(secret, WORKER_ROLE),
  };
  const owner = new pg.Client({ connectionString: ownerUrl, application_name: 'eenplan-provision', connectionTimeoutMillis: 10_000 });
  owner.on('error', () => undefined);
  await owner.connect();
  try {
    for (const role of [APP_ROLE, WORKER_ROLE] as const) {
      const url = withLogin(ownerUrl, role, passwords[role]);
      const ready = await retryConcurrentUpdate(() => ensureLoginRole(owner, role, passwords[role], url, log, mayChange));
      if (!ready) return undefined;
    }
  } finally {
    await owner.end();
  }
  return { appUrl: withLogin(ownerUrl, APP_ROLE, passwords[APP_ROLE]), workerUrl: withLogin(ownerUrl, WORKER_ROLE, passwords[WORKER_ROLE]), ownerUrl };
}

/** Makes `role` a login role as needed; with `mayChange` false it only says whether it already is one. */
async function ensureLoginRole(owner: pg.Client, role: string, password: string, url: string, log: Log, mayChange: boolean): Promise<boolean> {
  const { rows } = await owner.query<{ ok: boolean; exists: boolean }>(
    `SELECT rolcanlogin AND NOT rolsuper AND NOT rolbypassrls AND NOT rolcreaterole AND NOT rolcreatedb AND NOT rolreplication AS ok, true AS exists
       FROM pg_roles WHERE rolname = $1`,
    [role],
  );
  if (!mayChange) return rows[0]?.ok === true && (await canLogIn(url));
  if (rows.length === 0) {
    // normally the row-level-security migration created it; a fresh cluster that skipped it still gets one
    await owner.query(`CREATE ROLE ${role} NOLOGIN NOBYPASSRLS`).catch((error: unknown) => {
      if (pgCode(error) !== '42710') throw error;
    });
  }
  if (!rows[0]?.ok) {
    await owner.query(`ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOREPLICATION`);
    log(`Database role ${role} can now log in (no superuser, no BYPASSRLS)`);
  }
  if (await canLogIn(url)) return true;
  await owner.query(`ALTER ROLE ${role} WITH PASSWORD ${pg.escapeLiteral(password)}`);
  log(`Database role ${role}: password set`);
  return true;
}

/** Fails loudly (rather than run with a weaker guarantee) when a runtime login could reach more than its own role. */
export async function assertRuntimeLogin(pool: { query: (sql: string) => Promise<unknown> }, role: string): Promise<void> {
  const rows = (await pool.query(
    `SELECT session_user::text AS login, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
            (SELECT count(*)::int FROM pg_auth_members m WHERE m.member = r.oid) AS memberships
       FROM pg_roles r WHERE r.rolname = session_user`,
  )) as Array<{ login: string; superuser: boolean; bypass: boolean; memberships: number }>;
  const me = rows[0];
  if (!me || me.login !== role || me.superuser || me.bypass || me.memberships > 0) {
    throw new Error(
      `The ${role} pool must log in as ${role}, a role that is not superuser, has no BYPASSRLS and is a member of no other role ` +
        `(got ${me ? `${me.login}, superuser=${me.superuser}, bypassrls=${me.bypass}, memberships=${me.memberships}` : 'nothing'}). See docs/SECURITY.md.`,
    );
  }
}

async function canLogIn(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, application_name: 'eenplan-provision', connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (AUTH_FAILED.has(pgCode(error) ?? '')) return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Two databases of one cluster may provision at the same moment: ALTER ROLE then reports a concurrent update. */
async function retryConcurrentUpdate<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 5 || !/tuple concurrently (updated|deleted)/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

async function derivationSecret(config: AppConfig, ownerUrl: string): Promise<string> {
  const ownerPassword = decodeURIComponent(new URL(ownerUrl).password);
  if (ownerPassword) return ownerPassword;
  const file = path.join(config.dataDir, 'database-role-secret');
  if (!existsSync(file)) {
    await fs.mkdir(config.dataDir, { recursive: true });
    await fs.writeFile(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  return (await fs.readFile(file, 'utf8')).trim();
}

function derive(secret: string, role: string): string {
  return createHmac('sha256', secret).update(`eenplan database login ${role}`).digest('base64url');
}

export function withLogin(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

function userOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
