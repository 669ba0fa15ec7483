import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { waitFor } from '../e2e/support/wait.js';

/**
 * The development database (`npm start` without DATABASE_URL) stopped by the app on shutdown: a running server is
 * stopped, and one that has gone already (crashed, stopped from outside) does not stall the shutdown.
 */
let dataDir: string;
const logLines: string[] = [];
const log = (line: string) => void logLines.push(line);
const pidFile = () => path.join(dataDir, 'pg', 'postmaster.pid');
const postmasterPid = () => Number(readFileSync(pidFile(), 'utf8').split('\n')[0]);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The promise's outcome, or 'still waiting' after `ms`: a stop that never ends fails here, not at the test's timeout. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'still waiting'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'eenplan-embedded-'));
});

afterAll(async () => {
  if (dataDir && existsSync(pidFile()) && alive(postmasterPid())) process.kill(postmasterPid(), 'SIGINT');
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe('the embedded PostgreSQL on shutdown', () => {
  it('stops a server that runs', async () => {
    const db = await startEmbeddedPostgres(dataDir, 'eenplan', log);
    const pid = postmasterPid();
    expect(alive(pid)).toBe(true);

    expect(await within(db.stop(), 30_000)).toBeUndefined();
    expect(alive(pid)).toBe(false);
  }, 120_000);

  it('returns at once when the server has stopped already, and says so', async () => {
    const db = await startEmbeddedPostgres(dataDir, 'eenplan', log);
    const pid = postmasterPid();
    process.kill(pid, 'SIGINT'); // stopped from outside: PostgreSQL's fast shutdown
    await waitFor('the server to stop', () => Promise.resolve(!alive(pid)), 30_000);

    expect(await within(db.stop(), 5_000)).toBeUndefined();
    expect(logLines).toContain('The embedded PostgreSQL had stopped already');
  }, 120_000);
});
