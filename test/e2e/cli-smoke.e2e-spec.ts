import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { startTestApp } from './harness/index.js';

/**
 * Every documented command, as an operator runs it: the BUILT CLIs (npm test builds first) as child processes
 * against a fresh database. A command that works only on the developer's machine is broken.
 *
 * To add a command (e.g. `npm run tenant`, dist/src/cli/tenant.js): add a case to the "each command" block below
 * with its arguments and the outcome an operator would check.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const DATABASE = `eenplan_cli_${process.pid}`;
let url: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(script: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(NODE, [path.join(ROOT, 'dist/src/cli', script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', DATA_DIR: process.env.TEST_DATA_DIR ?? '', DATABASE_URL: url, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A stack trace has lines starting with "at "; an operator should never see one. */
const STACK = /^\s+at /m;

async function admin<T>(work: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const target = new URL(process.env.DATABASE_URL!);
  target.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${DATABASE}"`);
  });
  const parsed = new URL(process.env.DATABASE_URL!);
  parsed.pathname = `/${DATABASE}`;
  url = parsed.toString();
});

afterAll(async () => {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`));
});

describe('each command on a fresh database', () => {
  it('migrate applies every migration, then finds nothing pending', async () => {
    const first = await cli('migrate.js', []);
    expect(first.stderr).not.toMatch(STACK);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Applied \d+ migration\(s\):/);
    const again = await cli('migrate.js', []);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No pending migrations');
  }, 60_000);

  it('migration:check says entities and migrations agree', async () => {
    const run = await cli('migration-check.js', []);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('entities and migrations agree');
  }, 60_000);

  it('seed --households 50 loads 50 households, consent-based links resting on recorded consents', async () => {
    const run = await cli('seed.js', ['--households', '50']);
    expect(run.stderr).not.toMatch(STACK);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Loaded 50 households \(\d+ rows\)/);
    const counts = await admin(
      async (c) =>
        (
          await c.query<{ households: number; consent_links: number; without_consent: number }>(
            `SELECT (SELECT count(*)::int FROM household) AS households,
                    (SELECT count(*)::int FROM care_team_link WHERE basis = 'consent') AS consent_links,
                    (SELECT count(*)::int FROM care_team_link WHERE basis = 'consent' AND consent_id IS NULL) AS without_consent`,
          )
        ).rows[0]!,
      DATABASE,
    );
    expect(counts.households).toBe(50);
    expect(counts.consent_links).toBeGreaterThan(0);
    expect(counts.without_consent).toBe(0);
  }, 120_000);

  it('retention --dry-run reports every category of the seeded municipality and removes nothing', async () => {
    const before = await admin((c) => c.query<{ n: string }>('SELECT count(*) AS n FROM household'), DATABASE);
    const run = await cli('retention.js', ['--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Retention (dry run)');
    for (const category of ['case_file', 'signals', 'audit_events', 'inbox_items', 'emails', 'webhook_deliveries', 'idempotency_records', 'outbox_events']) expect(run.stdout).toContain(`  ${category}`);
    const after = await admin((c) => c.query<{ n: string }>('SELECT count(*) AS n FROM household'), DATABASE);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  }, 60_000);

  it('token --email prints one bearer token the app accepts', async () => {
    const email = await admin(async (c) => (await c.query<{ email: string }>(`SELECT email FROM professional WHERE 'supervisor' = ANY(roles) LIMIT 1`)).rows[0]!.email, DATABASE);
    const run = await cli('token.js', ['--email', email]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const t = await startTestApp({ DATABASE_URL: url });
    try {
      const res = await request(t.http).get('/api/v1/households?limit=5').set('Authorization', `Bearer ${lines[0]}`);
      expect(res.status).toBe(200);
      expect((res.body as { items: unknown[] }).items).toHaveLength(5);
    } finally {
      await t.close();
    }
  }, 60_000);
});

describe('--help', () => {
  it.each(['token.js', 'seed.js', 'retention.js', 'audit-verify.js'])('%s --help prints its usage and succeeds, touching no database', async (script) => {
    const run = await cli(script, ['--help'], { DATABASE_URL: 'postgresql://eenplan:x@127.0.0.1:1/eenplan' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: /);
    expect(run.stderr).toBe('');
  }, 60_000);
});

describe('a failing command says what is wrong in one line, without a stack trace', () => {
  it.each([
    ['seed with a bad count', 'seed.js', ['--households', 'many'], {}, /--households must be a whole number/],
    ['token for an unknown e-mail', 'token.js', ['--email', 'niemand@example.invalid'], {}, /No professional with e-mail/],
    ['migrate against an unreachable database', 'migrate.js', [], { DATABASE_URL: 'postgresql://eenplan:x@127.0.0.1:1/eenplan' }, /^Error: cannot reach the database/],
    ['seed with an unknown option', 'seed.js', ['--bogus'], {}, /Unknown option '--bogus'/],
    ['retention without --dry-run or --apply', 'retention.js', [], {}, /Say either --dry-run or --apply/],
  ])('%s', async (_label, script, args, env, message) => {
    const run = await cli(script, args, env);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(STACK);
    expect(run.stderr.trim().split('\n')[0]).toMatch(message);
    expect(run.stdout).toBe('');
  }, 60_000);
});

describe('npm start against a database it cannot use says so in one line, naming the setting to check', () => {
  it.each([
    // the server's own credentials (the embedded server checks its password before it looks for the database)
    ['a database that does not exist', () => Object.assign(new URL(process.env.DATABASE_URL!), { pathname: '/eenplan_missing_db' }).toString(), /the database does not exist/],
    ['a server that does not answer', () => 'postgresql://eenplan:geheim-wachtwoord@127.0.0.1:1/eenplan', /cannot be reached \(ECONNREFUSED\)/],
  ])('%s', async (_label, databaseUrl, reason) => {
    const run = await cli('../main.js', [], { DATABASE_URL: databaseUrl(), NODE_ENV: 'test', DEMO_DATA: 'false', PORT: '0' });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(STACK);
    const line = run.stderr.trim().split('\n').at(-1)!;
    expect(line).toMatch(/^Eenplan failed to start: the database refused or could not be reached: /);
    expect(line).toMatch(reason);
    expect(line).toContain('Check DATABASE_URL');
    // never the URL, so never its password
    for (const secret of ['geheim-wachtwoord', decodeURIComponent(new URL(databaseUrl()).password)].filter((p) => p.length > 0)) expect(run.stderr).not.toContain(secret);
  }, 60_000);
});
