import type { DataSource } from 'typeorm';
import { RetentionPurgeRepository } from '../../src/privacy/retention/retention-purge.repository.js';
import { RETENTION_CATEGORIES } from '../../src/privacy/retention/retention-schedule.js';
import { insert, municipality, ownerDb, ownerHost, type Municipality } from './support.js';

/**
 * The short-lived categories' SQL, straight against PostgreSQL: what is past its cut-off goes, what is not (or is still
 * referenced, or not yet processed, or pending) stays.
 */
let db: DataSource;
let m: Municipality;
let purge: RetentionPurgeRepository;
const DAY = 86_400_000;
const now = new Date();
const ago = (days: number) => new Date(now.getTime() - days * DAY);

beforeAll(async () => {
  db = await ownerDb();
  m = await municipality(db);
  purge = new RetentionPurgeRepository(ownerHost(db));
});

afterAll(async () => {
  await db?.destroy();
});

async function event(values: { processedDaysAgo: number | null; occurredDaysAgo: number }): Promise<string> {
  const [row] = await db.query<Array<{ id: string }>>(
    `INSERT INTO outbox_event (tenant_id, type, aggregate_type, aggregate_id, household_id, payload, occurred_at, dispatched_at, processed_at)
     VALUES ($1, 'webhook.disabled', 'webhook_subscription', gen_random_uuid(), NULL, '{}', $2, $2, $3) RETURNING id`,
    [m.tenantId, ago(values.occurredDaysAgo), values.processedDaysAgo === null ? null : ago(values.processedDaysAgo)],
  );
  return row!.id;
}

const exists = async (table: string, id: string) => (await db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).length > 0;

describe('purging the short-lived categories', () => {
  it('runs the survey and a batch of every category on a municipality with nothing expired', async () => {
    const empty = await municipality(db);
    for (const category of RETENTION_CATEGORIES) {
      if (category === 'audit_events') continue;
      expect([category, await purge.survey(category, empty.tenantId, ago(0))]).toEqual([category, { eligible: 0, held: 0, heldByRequest: 0, oldest: null, newest: null }]);
      expect([category, await purge.purgeBatch(category, empty.tenantId, ago(0), 10)]).toEqual([category, 0]);
    }
  });

  it('inbox items past the cut-off go; newer ones stay; an event goes once processed, past its cut-off and no longer referenced', async () => {
    const old = await event({ processedDaysAgo: 100, occurredDaysAgo: 100 });
    const unprocessed = await event({ processedDaysAgo: null, occurredDaysAgo: 100 });
    const fresh = await event({ processedDaysAgo: 1, occurredDaysAgo: 1 });
    const notice = (eventId: string, daysAgo: number) =>
      insert(db, 'notification', { tenant_id: m.tenantId, professional_id: m.coordinatorId, event_id: eventId, type: 'webhook.disabled', payload: '{}', created_at: ago(daysAgo) });
    const oldNotice = await notice(old, 100);
    const freshNotice = await notice(fresh, 1);

    // the old event is still referenced by its inbox item: not yet
    expect((await purge.survey('outbox_events', m.tenantId, ago(30))).eligible).toBe(0);
    expect(await purge.survey('inbox_items', m.tenantId, ago(90))).toMatchObject({ eligible: 1, held: 0 });
    expect(await purge.purgeBatch('inbox_items', m.tenantId, ago(90), 10)).toBe(1);
    expect([await exists('notification', oldNotice), await exists('notification', freshNotice)]).toEqual([false, true]);

    expect(await purge.purgeBatch('outbox_events', m.tenantId, ago(30), 10)).toBe(1);
    const left = await db.query<Array<{ id: string }>>('SELECT id FROM outbox_event WHERE id = ANY($1::bigint[]) ORDER BY id', [[old, unprocessed, fresh]]);
    expect(left.map((r) => r.id)).toEqual([unprocessed, fresh]);
  });
});
