import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { OutboxDispatchRepository } from '../../src/events/outbox-dispatch.repository.js';
import { municipality, ownerDb } from './support.js';

/**
 * The relay claims the oldest undispatched events first, by their number. The test works in a transaction it rolls
 * back: it sets aside the events other tests left undispatched and numbers its own across a change in digit count,
 * where an order by the text of the id (the bug this guards against) puts 100000000 before 99999999.
 */
let db: DataSource;
beforeAll(async () => {
  db = await ownerDb();
});
afterAll(async () => {
  await db?.destroy();
});

it('claims the oldest undispatched events, in the order of their numbers', async () => {
  const m = await municipality(db);
  const repository = new OutboxDispatchRepository(db);
  const runner = db.createQueryRunner();
  await runner.startTransaction();
  try {
    await runner.query('UPDATE outbox_event SET dispatched_at = now() WHERE dispatched_at IS NULL');
    for (const id of [100000001, 99999998, 100000000, 99999999]) {
      await runner.query(
        `INSERT INTO outbox_event (id, tenant_id, type, aggregate_type, aggregate_id, payload, occurred_at) OVERRIDING SYSTEM VALUE VALUES ($1, $2, 'household.registered', 'household', $3, '{}', now())`,
        [id, m.tenantId, randomUUID()],
      );
    }
    expect((await repository.claimBatch(runner.manager, 2)).map((e) => e.id)).toEqual(['99999998', '99999999']);
    expect((await repository.claimBatch(runner.manager, 10)).map((e) => e.id)).toEqual(['99999998', '99999999', '100000000', '100000001']);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
});
