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
export async function startEenplan(role: 'api' | 'worker' | 'all', env: Record<string, string>): Promise<Child & { port: number }> {
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
  }, 30_000);
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
