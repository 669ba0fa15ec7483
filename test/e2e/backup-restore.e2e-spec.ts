import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import request from 'supertest';
import { AuditSealer } from '../../src/audit/audit-sealer.service.js';
import { bearer, createTenantFixture, startTestApp, type TenantFixture } from './harness/index.js';
import { caseApi } from './support/case.js';
import { linkCareTeam } from './support/care-team.js';
import { startSystemPostgres } from './support/processes.js';

/**
 * The restore procedure of docs/OPERATIONS.md, tested: dump a seeded database with pg_dump (custom format),
 * restore it with pg_restore into a new database, start the app on it — the audit chain verifies and a household
 * reads back exactly as before.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const run = promisify(execFile);

function cli(script: string, args: string[], databaseUrl: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(NODE, [path.join(ROOT, 'dist/src/cli', script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: process.env.TEST_DATA_DIR ?? '', DATABASE_URL: databaseUrl },
      stdio: 'ignore',
    });
    child.on('exit', resolve);
  });
}

async function createDatabase(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
}

describe('backup and restore', () => {
  it('a pg_dump of a seeded database restores into a new one the app runs on, with the audit chain intact', async () => {
    const server = await startSystemPostgres();
    const dumpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'eenplan-dump-'));
    try {
      await createDatabase(server.url('postgres'), 'eenplan_source');
      const source = server.url('eenplan_source');
      expect(await cli('migrate.js', [], source)).toBe(0);
      expect(await cli('seed.js', ['--households', '30'], source)).toBe(0);

      // Activity through the API, so the audit trail and the outbox have content to survive the round trip.
      let f: TenantFixture;
      let householdId: string;
      let before: unknown;
      const a = await startTestApp({ DATABASE_URL: source });
      try {
        f = await createTenantFixture(a.app);
        ({ householdId } = await caseApi(a).caseWithPlan(f));
        expect((await linkCareTeam(a, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' })).status).toBe(201);
        const read = await request(a.http).get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
        expect(read.status).toBe(200);
        before = read.body;
        // what the sealer does every second on a worker (the test app serves the API only): the chain to restore
        await a.app.get(AuditSealer).sealNow();
      } finally {
        await a.close();
      }

      // The documented commands: a custom-format dump, a new database, pg_restore.
      const file = path.join(dumpDir, 'eenplan.dump');
      await run(path.join(server.bin, 'pg_dump'), ['--format=custom', '--file', file, source]);
      await createDatabase(server.url('postgres'), 'eenplan_restored');
      await run(path.join(server.bin, 'pg_restore'), ['--exit-on-error', '--dbname', server.url('eenplan_restored'), file]);

      const b = await startTestApp({ DATABASE_URL: server.url('eenplan_restored') });
      try {
        const verify = await request(b.http).get('/api/v1/audit/verify').set(bearer(f.admin));
        expect(verify.status).toBe(200);
        expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null });
        expect((verify.body as { verified: number }).verified).toBeGreaterThan(0);
        const after = await request(b.http).get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
        expect(after.status).toBe(200);
        expect(after.body).toEqual(before);
        const c = new pg.Client({ connectionString: server.url('eenplan_restored') });
        await c.connect();
        const counted = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM household').finally(() => c.end());
        expect(counted.rows[0]!.n).toBe(31);
      } finally {
        await b.close();
      }
    } finally {
      await fs.rm(dumpDir, { recursive: true, force: true });
      await server.stop();
    }
  }, 240_000);
});
