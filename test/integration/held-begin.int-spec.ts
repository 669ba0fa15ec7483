import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { poolLimits } from '../../src/database/data-source-options.js';
import { holdsBegin, type HoldsBegin } from '../../src/database/held-begin.js';

/**
 * A request's `START TRANSACTION` and tenant setting travel with its first statement (src/database/held-begin.ts).
 * Against the server itself, on one connection: the statement runs inside the transaction, for the tenant, and
 * answers only its own rows; errors fail the statement and leave the connection usable; the begin's statements are
 * parsed once per connection, whatever failed around them.
 */

let pool: pg.Pool;
type Client = pg.PoolClient & HoldsBegin;
let client: Client;
const tenant = randomUUID();

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is set by test/setup/global-setup.ts: run the tests through Jest');
  const limits = { connectTimeoutMs: 5000, statementTimeoutMs: 5000, lockTimeoutMs: 5000, idleInTransactionTimeoutMs: 10000, queryTimeoutMs: 10000 };
  pool = new pg.Pool({ connectionString: url, max: 1, ...poolLimits(limits) });
  const connected = await pool.connect();
  if (!holdsBegin(connected)) throw new Error('the runtime pools are expected to hold a begin');
  client = connected as Client;
});

afterAll(async () => {
  client?.release();
  await pool?.end();
});

/** A transaction-local setting survives only inside a transaction block: the proof that one is open. */
const inTransaction = async () => (await client.query<{ v: string }>("SELECT current_setting('held_begin.probe', true) AS v")).rows[0]!.v === 'set';
const markTransaction = { name: 'held_begin_mark', text: "SELECT set_config('held_begin.probe', 'set', true) AS probe, current_setting('app.tenant_id', true) AS tenant, $1::int AS n" };

it('runs the first statement inside a transaction for the tenant, answering only its own rows', async () => {
  for (let round = 0; round < 3; round++) {
    client.holdBegin(tenant);
    const result = await client.query<{ probe: string; tenant: string; n: number }>({ ...markTransaction, values: [round] });
    expect(result.rows).toEqual([{ probe: 'set', tenant, n: round }]);
    expect(result.command).toBe('SELECT');
    expect(result.fields.map((f) => f.name)).toEqual(['probe', 'tenant', 'n']);
    expect(await inTransaction()).toBe(true);
    await client.query('ROLLBACK');
    expect(await inTransaction()).toBe(false);
    expect((await client.query<{ t: string }>("SELECT current_setting('app.tenant_id', true) AS t")).rows[0]!.t ?? '').toBe('');
  }
});

it('sends the begin as a message of its own before a statement without parameters (simple protocol)', async () => {
  client.holdBegin(tenant);
  const result = await client.query<{ probe: string; tenant: string }>("SELECT set_config('held_begin.probe', 'set', true) AS probe, current_setting('app.tenant_id', true) AS tenant");
  expect(result.rows).toEqual([{ probe: 'set', tenant }]);
  expect(await inTransaction()).toBe(true);
  await client.query('ROLLBACK');
});

it('fails a statement that fails, inside the transaction, and the connection goes on', async () => {
  client.holdBegin(tenant);
  await expect(client.query({ name: 'held_begin_divide', text: 'SELECT 1 / $1::int AS q', values: [0] })).rejects.toMatchObject({ code: '22012' });
  // the transaction had begun and is now aborted: only ROLLBACK is accepted
  await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
  await client.query('ROLLBACK');
  client.holdBegin(tenant);
  expect((await client.query<{ q: number }>({ name: 'held_begin_divide', text: 'SELECT 1 / $1::int AS q', values: [1] })).rows).toEqual([{ q: 1 }]);
  expect(await client.query({ ...markTransaction, values: [1] })).toMatchObject({ rowCount: 1 });
  expect(await inTransaction()).toBe(true);
  await client.query('ROLLBACK');
});

it('leaves no statement recorded as parsed that was not, on a fresh connection', async () => {
  client.release(true); // dropped: the next connection is new and has parsed nothing
  client = (await pool.connect()) as Client;
  client.holdBegin(tenant);
  // its own Parse fails after the begin's statements were parsed in the same message
  await expect(client.query({ name: 'held_begin_broken', text: 'SELEC $1::int', values: [1] })).rejects.toMatchObject({ code: '42601' });
  await client.query('ROLLBACK');
  // the begin's statements are not parsed again (that would fail: they exist), the broken one would be
  for (let round = 0; round < 2; round++) {
    client.holdBegin(tenant);
    expect((await client.query({ ...markTransaction, values: [round] })).rows).toEqual([{ probe: 'set', tenant, n: round }]);
    await client.query('ROLLBACK');
  }
  client.holdBegin(tenant);
  await expect(client.query({ name: 'held_begin_broken', text: 'SELEC $1::int', values: [1] })).rejects.toMatchObject({ code: '42601' });
  await client.query('ROLLBACK');
});

it('forgets a begin taken back: the next statement runs outside any transaction', async () => {
  client.holdBegin(tenant);
  expect(client.takeHeldBegin()).toBe(tenant);
  expect(client.takeHeldBegin()).toBeUndefined();
  await client.query({ ...markTransaction, values: [1] });
  expect(await inTransaction()).toBe(false);
});
