import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres.js';
import { runMigrations } from '../../src/database/migrate.js';
import { OutboxRelay } from '../../src/events/outbox-relay.service.js';
import { bearer, createTenantFixture, startTestApp, systemDb, uniqueSuffix } from './harness/index.js';
import { partnerCase, partnerItems, reportRecovery } from './support/partner-case.js';
import { freePort, startRedis, type Child } from './support/processes.js';
import { waitFor } from './support/wait.js';

/**
 * The outbox relay's LISTEN connection after PostgreSQL restarts under a running app (issue 15). A file of its
 * own: the logger is created once per test file, by its first app, and this test reads that app's log.
 */

const children: Child[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill('SIGKILL')));
});

describe('when PostgreSQL restarts under a running app', () => {
  let dir: string;
  let db: EmbeddedDatabase | undefined;
  afterAll(async () => {
    await db?.stop().catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('the outbox listener re-subscribes and a change reaches the inbox in well under the poll interval', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'eenplan-pg-restart-'));
    const port = await freePort();
    const quiet = () => undefined;
    db = await startEmbeddedPostgres(dir, 'eenplan', quiet, { port });
    await runMigrations(db.url);
    const redis = await startRedis();
    children.push(redis);
    let logs = '';
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs += chunk.toString();
        done();
      },
    });
    // A poll once a minute: only NOTIFY can bring a change to the inbox within seconds.
    const t = await startTestApp({ DATABASE_URL: db.url, PROCESS_ROLE: 'all', REDIS_URL: redis.url, QUEUE_PREFIX: `p${uniqueSuffix()}`, RELAY_POLL_MS: '60000' }, capture);
    try {
      const f = await createTenantFixture(t.app);
      const { householdId, etag } = await partnerCase(t, f);
      const ds = systemDb(t.app);
      let current = etag;
      const timedEdit = async (expected: number) => {
        const res = await request(t.http).patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor)).set('If-Match', current).send({ familyWishes: `Wens ${expected}` });
        expect(res.status).toBe(200);
        current = res.headers.etag as string;
        const sent = Date.now();
        await waitFor(`inbox item ${expected}`, async () => (await partnerItems(ds, householdId, f.partner.id)) >= expected, 90_000, 20);
        return Date.now() - sent;
      };
      const before = await timedEdit(1);

      await db.stop();
      await new Promise((resolve) => setTimeout(resolve, 500));
      db = await startEmbeddedPostgres(dir, 'eenplan', quiet, { port });
      const backAt = Date.now();
      await waitFor('the app to reach the database again', async () => ds.query('SELECT 1').then(() => true, () => false), 30_000, 200);
      await waitFor('the listener to re-subscribe', async () => t.app.get(OutboxRelay).listening, 30_000, 100).catch((error: unknown) => {
        throw new Error(`${String(error)}; logs: ${logs.slice(-3000)}`);
      });
      // the recovery is logged after the same half-second grace as the loss, so it always follows it
      await waitFor('the re-subscribed line', async () => logs.includes('outbox listener re-subscribed'), 5_000, 50);
      expect(logs.indexOf('outbox listener lost')).toBeGreaterThanOrEqual(0);
      expect(logs.indexOf('outbox listener lost')).toBeLessThan(logs.indexOf('outbox listener re-subscribed'));
      reportRecovery('outbox listener re-subscribed after PostgreSQL came back', Date.now() - backAt);

      const after = [await timedEdit(2), await timedEdit(3), await timedEdit(4)];
      reportRecovery(`change→inbox before the restart ${before} ms, after`, Math.max(...after));
      for (const ms of after) expect(ms).toBeLessThan(5_000);
    } finally {
      await t.close();
    }
  }, 180_000);
});
