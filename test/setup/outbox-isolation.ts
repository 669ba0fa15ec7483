import pg from 'pg';

/**
 * Every test file shares one database, and a file's apps are API-only unless it asks for workers, so the events a file
 * writes mostly stay in the outbox unrelayed. Without this, the next file that starts workers takes them over, as a
 * new replica should: its relay fans out every earlier file's events to webhook subscriptions whose local receivers
 * closed long ago, hundreds of failing deliveries at a time, and that file's own deliveries wait behind them (seen in
 * CI: `notifications-signals` timed out waiting for its webhook while ~780 attempts to dead receivers ran). So each
 * file hands over a clean outbox: at its end, the events it wrote are marked handled. Taking over leftovers is still
 * tested where it is the point, inside one file (resilience, queue faults, outbox listener).
 */
const databaseUrl = process.env.DATABASE_URL;
let lastEventBefore: string | undefined;

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T | undefined> {
  if (!databaseUrl) return undefined;
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return await work(client);
  } catch (error) {
    // a file that stopped the database on purpose must not fail here; the next file then simply inherits more work
    process.stderr.write(`[outbox isolation] skipped: ${(error as Error).message}\n`);
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

beforeAll(async () => {
  lastEventBefore = await withClient(async (client) => (await client.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM outbox_event')).rows[0]!.id);
});

afterAll(async () => {
  if (lastEventBefore === undefined) return;
  await withClient((client) =>
    client.query('UPDATE outbox_event SET dispatched_at = coalesce(dispatched_at, now()), processed_at = now() WHERE id > $1 AND processed_at IS NULL', [lastEventBefore]),
  );
});
