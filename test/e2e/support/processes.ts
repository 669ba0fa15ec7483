import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { waitFor } from './wait.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface Child {
  process: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

function track(child: ChildProcess): Child {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    output: () => output,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** The compiled app (npm test builds it first) as a separate process: PROCESS_ROLE api, worker or all. */
export async function startEenplan(role: 'api' | 'worker' | 'all', env: Record<string, string>, timeoutMs = 60_000): Promise<Child & { port: number }> {
  const port = await freePort();
  const child = track(
    spawn(NODE, [path.join(ROOT, 'dist/src/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        DEMO_DATA: 'false',
        LOG_LEVEL: 'warn',
        DATABASE_URL: process.env.DATABASE_URL ?? '',
        DATA_DIR: process.env.TEST_DATA_DIR ?? '',
        PORT: String(port),
        PROCESS_ROLE: role,
        RATE_LIMIT_PER_MINUTE: '1000000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const ready = role === 'worker' ? 'worker running' : 'listening on';
  await waitFor(`eenplan ${role} to start`, async () => {
    if (child.process.exitCode !== null) throw new Error(`eenplan ${role} exited:\n${child.output()}`);
    return child.output().includes(ready);
  }, timeoutMs);
  return { ...child, port };
}

/** A Redis of the test's own on a free port, without persistence; stop and start it again on the same port. */
export async function startRedis(port?: number): Promise<Child & { port: number; url: string }> {
  const chosen = port ?? (await freePort());
  const child = track(spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] }));
  await waitFor('redis to start', async () => {
    if (child.process.exitCode !== null) throw new Error(`redis exited:\n${child.output()}`);
    return child.output().includes('Ready to accept connections');
  }, 15_000);
  return { ...child, port: chosen, url: `redis://127.0.0.1:${chosen}` };
}

/**
 * A throw-away PostgreSQL cluster from the machine's own binaries (the version its pg_dump/pg_restore belong to:
 * pg_dump refuses a newer server, and the embedded server is newer), on a free port, trust authentication on
 * 127.0.0.1 only. As root it runs as the `postgres` user, which PostgreSQL requires.
 */
export async function startSystemPostgres(): Promise<{ url: (database: string) => string; bin: string; stop: () => Promise<void> }> {
  const { execFileSync } = await import('node:child_process');
  const fs = await import('node:fs/promises');
  const os = await import('node:os');
  const major = /(\d+)/.exec(execFileSync('pg_dump', ['--version']).toString())![1];
  const bin = process.env.PG_BINDIR ?? `/usr/lib/postgresql/${major}/bin`;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'eenplan-pg-system-'));
  await fs.chmod(dir, 0o755);
  const root = os.userInfo().uid === 0;
  const run = (command: string, args: string[]) => execFileSync(root ? 'runuser' : command, root ? ['-u', 'postgres', '--', command, ...args] : args, { stdio: 'pipe' });
  if (root) execFileSync('chown', ['postgres', dir]);
  const port = await freePort();
  run(path.join(bin, 'initdb'), ['-D', path.join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  run(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`, 'start']);
  return {
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    bin,
    stop: async () => {
      run(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
