import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres.js';
import { runMigrations } from '../../src/database/migrate.js';
import { bearer, createTenantFixture, startTestApp, type TenantFixture, type TestApp } from './harness/index.js';
import { waitFor } from './support/wait.js';

/**
 * The database stops answering under a running app (PostgreSQL frozen with SIGSTOP: connections stay open,
 * nothing comes back — the worst case, since the server's own statement_timeout never fires). Requests must
 * answer 503 with Retry-After within a bounded time instead of hanging, the log must say "down" once and
 * "back" once (not a line per request), and once the server answers again requests work again.
 * This file runs its own PostgreSQL so freezing it touches no other test.
 */
let dataDir: string;
let server: EmbeddedDatabase;
let t: TestApp;
let f: TenantFixture;
const logLines: string[] = [];

function serverPids(): number[] {
  const postmaster = Number(execFileSync('head', ['-n', '1', path.join(dataDir, 'pg', 'postmaster.pid')]).toString().trim());
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)]).toString().split('\n').map((s) => Number(s.trim())).filter((n) => n > 0);
  return [postmaster, ...children];
}

function signalServer(signal: 'SIGSTOP' | 'SIGCONT'): void {
  for (const pid of serverPids()) {
    try {
      process.kill(pid, signal);
    } catch {
      // a backend that ended in between
    }
  }
}

const logged = (event: string) => logLines.filter((line) => line.includes(`"event":"${event}"`)).length;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'eenplan-outage-'));
  server = await startEmbeddedPostgres(dataDir, 'eenplan', () => undefined);
  await runMigrations(server.url);
  // the default time limits: they are what must keep an answer within 10 s
  t = await startTestApp({ DATABASE_URL: server.url }, { write: (line: string) => void logLines.push(line) });
  f = await createTenantFixture(t.app, 'Gemeente Storing');
}, 120_000);

afterAll(async () => {
  if (server) signalServer('SIGCONT');
  await t?.close();
  await server?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('when the database stops answering', () => {
  it('answers 503 with Retry-After within seconds, logs the outage once, and recovers when the database is back', async () => {
    const before = await request(t.http).get('/api/v1/households').set(bearer(f.supervisor));
    expect(before.status).toBe(200);

    signalServer('SIGSTOP');
    const answers: Array<{ status: number; ms: number; retryAfter?: string; type?: string; code?: string }> = [];
    try {
      // a burst of concurrent requests, then a few one after the other
      const timed = async () => {
        const started = Date.now();
        const res = await request(t.http).get('/api/v1/households').set(bearer(f.supervisor)).timeout(20_000);
        const body = res.body as { code?: string };
        answers.push({ status: res.status, ms: Date.now() - started, retryAfter: res.headers['retry-after'], type: res.headers['content-type'], code: body.code });
      };
      await Promise.all(Array.from({ length: 6 }, timed));
      for (let i = 0; i < 2; i++) await timed();
      const ready = await request(t.http).get('/health/ready').timeout(20_000);
      expect(ready.status).toBe(503);
    } finally {
      signalServer('SIGCONT');
    }

    if (process.env.SHOW_TIMINGS) process.stderr.write(`outage answers: ${JSON.stringify(answers.map((a) => [a.status, a.ms]))}\n`);
    for (const answer of answers) {
      expect({ status: answer.status, code: answer.code, retryAfter: answer.retryAfter, type: answer.type }).toEqual({
        status: 503,
        code: 'DATABASE_UNAVAILABLE',
        retryAfter: expect.stringMatching(/^\d+$/),
        type: expect.stringContaining('application/problem+json'),
      });
      expect(answer.ms).toBeLessThanOrEqual(10_000);
    }

    // back: requests work again, and the log has said "down" once and "back" once
    await waitFor('requests to work again', async () => (await request(t.http).get('/api/v1/households').set(bearer(f.supervisor))).status === 200, 30_000, 250);
    await waitFor('the log to say the database is back', async () => logged('database.up') > 0, 15_000);
    expect({ down: logged('database.down'), up: logged('database.up') }).toEqual({ down: 1, up: 1 });
    expect(logLines.filter((line) => line.includes('Unhandled error'))).toEqual([]);
    const ready = await request(t.http).get('/health/ready');
    expect(ready.status).toBe(200);
  }, 120_000);

  it('the command-line tools end with one line, not hang, when the database is frozen (an outside run: token, tenant list and audit:verify waited without a word)', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const run = (script: string, args: string[]) =>
      new Promise<{ code: number | null; stderr: string; ms: number }>((resolve) => {
        const started = Date.now();
        const child = spawn(path.join(root, 'node_modules/.bin/node'), [path.join(root, 'dist/src/cli', script), ...args], {
          cwd: root,
          env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', DATABASE_URL: server.url },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
        child.on('exit', (code) => {
          clearTimeout(killer);
          resolve({ code, stderr, ms: Date.now() - started });
        });
      });
    signalServer('SIGSTOP');
    let runs: Array<{ code: number | null; stderr: string; ms: number }>;
    try {
      runs = await Promise.all([run('token.js', ['--email', 'iemand@example.nl']), run('tenant.js', ['list']), run('audit-verify.js', [])]);
    } finally {
      signalServer('SIGCONT');
    }
    for (const r of runs) {
      expect(r.code).not.toBeNull(); // ended by itself, not by the test's SIGKILL
      expect(r.code).not.toBe(0);
      expect(r.ms).toBeLessThan(30_000);
      expect(r.stderr.trim().split('\n').filter((line) => line.trim() !== '')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  }, 120_000);
});
