import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { startEenplan, type Child } from './support/processes.js';

/**
 * Replicas that start together on a database with pending migrations (a deploy of 2 API and 2 worker
 * processes on a fresh database): one migrates, the others wait for it, and all four come up. This file uses a
 * database of its own on the test server, so every migration is pending when the processes start.
 */
const serverUrl = () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is set by test/setup/global-setup.ts: run the tests through Jest');
  return url;
};
const databaseName = `eenplan_replicas_${randomBytes(5).toString('hex')}`;
const urlOf = (database: string) => {
  const url = new URL(serverUrl());
  url.pathname = `/${database}`;
  return url.toString();
};

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlOf('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const children: Child[] = [];

beforeAll(async () => onServer(`CREATE DATABASE "${databaseName}"`));

afterAll(async () => {
  await Promise.all(children.map((c) => c.kill()));
  await onServer(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
});

describe('replicas starting at the same moment on a database with pending migrations', () => {
  it('all come up: the API replicas answer ready, the workers run, and the schema was migrated once', async () => {
    const env = { DATABASE_URL: urlOf(databaseName) };
    const roles = ['api', 'api', 'worker', 'worker'] as const;
    const started = await Promise.allSettled(
      roles.map(async (role) => {
        const child = await startEenplan(role, env, 90_000);
        children.push(child);
        return { role, child };
      }),
    );
    const failures = started.flatMap((s) => (s.status === 'rejected' ? [String((s.reason as Error).message).slice(0, 600)] : []));
    expect(failures).toEqual([]);

    for (const s of started) {
      if (s.status !== 'fulfilled') continue;
      const { role, child } = s.value;
      if (role === 'api') {
        const ready = await request(`http://127.0.0.1:${child.port}`).get('/health/ready');
        expect(ready.status).toBe(200);
      } else {
        expect(child.process.exitCode).toBeNull();
      }
    }

    const client = new pg.Client({ connectionString: urlOf(databaseName) });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number; distinct: number }>('SELECT count(*)::int AS n, count(DISTINCT name)::int AS distinct FROM schema_migration');
      expect(rows[0]!.n).toBeGreaterThan(10);
      expect(rows[0]!.n).toBe(rows[0]!.distinct);
    } finally {
      await client.end();
    }
  }, 150_000);
});
