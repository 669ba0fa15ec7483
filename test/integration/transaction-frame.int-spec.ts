import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { poolLimits } from '../../src/database/data-source-options.js';
import { isTransactionFrame, type TransactionFrame } from '../../src/database/transaction-frame.js';

/**
 * A request's `START TRANSACTION` and tenant setting travel with its first statement, its last statement with
 * `COMMIT` (src/database/transaction-frame.ts). Against the server itself, on one connection: the statement runs
 * inside the transaction, for the tenant, and answers only its own rows; a commit commits everything or, if its
 * statement or the COMMIT fails, nothing; errors leave the connection usable; the frame's statements are parsed
 * once per connection, whatever failed around them.
 */

let pool: pg.Pool;
/** Another connection: it sees only what was committed. */
let observer: pg.Client;
type Client = pg.PoolClient & TransactionFrame;
let client: Client;
const tenant = randomUUID();
const TABLE = `frame_probe_${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is set by test/setup/global-setup.ts: run the tests through Jest');
  const limits = { connectTimeoutMs: 5000, statementTimeoutMs: 5000, lockTimeoutMs: 5000, idleInTransactionTimeoutMs: 10000, queryTimeoutMs: 10000, poolIdleTimeoutMs: 600000 };
  pool = new pg.Pool({ connectionString: url, max: 1, ...poolLimits(limits) });
  const connected = await pool.connect();
  if (!isTransactionFrame(connected)) throw new Error('the runtime pools are expected to frame transactions');
  client = connected as Client;
  observer = new pg.Client({ connectionString: url });
  await observer.connect();
  // the key is checked at COMMIT, so a duplicate fails the COMMIT rather than its INSERT
  await client.query(`CREATE TABLE ${TABLE} (k text, n int CHECK (n >= 0), CONSTRAINT ${TABLE}_k UNIQUE (k, n) DEFERRABLE INITIALLY DEFERRED)`);
});

afterAll(async () => {
  await client?.query(`DROP TABLE IF EXISTS ${TABLE}`);
  client?.release();
  await pool?.end();
  await observer?.end();
});

/** A transaction-local setting survives only inside a transaction block: the proof that one is open. */
const inTransaction = async () => (await client.query<{ v: string }>("SELECT current_setting('frame.probe', true) AS v")).rows[0]!.v === 'set';
const markTransaction = { name: 'frame_mark', text: "SELECT set_config('frame.probe', 'set', true) AS probe, current_setting('app.tenant_id', true) AS tenant, $1::int AS n" };
const insertRow = (k: string, n: number) => ({ name: 'frame_insert', text: `INSERT INTO ${TABLE} (k, n) VALUES ($1, $2)`, values: [k, n] });
const rowsOf = async (k: string) => (await observer.query<{ n: number }>(`SELECT n FROM ${TABLE} WHERE k = $1 ORDER BY n`, [k])).rows.map((r) => r.n);

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
    expect((await client.query<{ t: string | null }>("SELECT current_setting('app.tenant_id', true) AS t")).rows[0]!.t ?? '').toBe('');
  }
});

it('sends the begin as a message of its own before a statement without parameters (simple protocol)', async () => {
  client.holdBegin(tenant);
  const result = await client.query<{ probe: string; tenant: string }>("SELECT set_config('frame.probe', 'set', true) AS probe, current_setting('app.tenant_id', true) AS tenant");
  expect(result.rows).toEqual([{ probe: 'set', tenant }]);
  expect(await inTransaction()).toBe(true);
  await client.query('ROLLBACK');
});

it('fails a statement that fails, inside the transaction, and the connection goes on', async () => {
  client.holdBegin(tenant);
  await expect(client.query({ name: 'frame_divide', text: 'SELECT 1 / $1::int AS q', values: [0] })).rejects.toMatchObject({ code: '22012' });
  // the transaction had begun and is now aborted: only ROLLBACK is accepted
  await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
  await client.query('ROLLBACK');
  client.holdBegin(tenant);
  expect((await client.query<{ q: number }>({ name: 'frame_divide', text: 'SELECT 1 / $1::int AS q', values: [1] })).rows).toEqual([{ q: 1 }]);
  expect(await client.query({ ...markTransaction, values: [1] })).toMatchObject({ rowCount: 1 });
  expect(await inTransaction()).toBe(true);
  await client.query('ROLLBACK');
});

it('commits the transaction with its last statement: everything it wrote, in one message', async () => {
  for (let round = 0; round < 3; round++) {
    const k = `commit-${round}`;
    client.holdBegin(tenant);
    await client.query(insertRow(k, 1));
    await client.commitWith([insertRow(k, 2)]);
    expect(await inTransaction()).toBe(false);
    expect(await rowsOf(k)).toEqual([1, 2]);
  }
  // a transaction whose only statement is the last one: begin, statement and COMMIT in one message
  client.holdBegin(tenant);
  await client.commitWith([{ name: undefined, text: `INSERT INTO ${TABLE} (k, n) SELECT $1, 3 WHERE current_setting('app.tenant_id') = $2`, values: ['alone', tenant] }]);
  expect(await rowsOf('alone')).toEqual([3]);
  // a last statement without parameters still goes in the one message with COMMIT
  client.holdBegin(tenant);
  await client.commitWith([{ name: undefined, text: `INSERT INTO ${TABLE} (k, n) VALUES ('no-parameters', 4)`, values: [] }]);
  expect(await rowsOf('no-parameters')).toEqual([4]);
  // several statements in its text are refused, not committed
  client.holdBegin(tenant);
  await expect(client.commitWith([{ name: undefined, text: `INSERT INTO ${TABLE} (k, n) VALUES ('two', 1); INSERT INTO ${TABLE} (k, n) VALUES ('two', 2)`, values: [] }])).rejects.toMatchObject({ code: '42601' });
  await client.query('ROLLBACK');
  expect(await rowsOf('two')).toEqual([]);
});

it('commits nothing when the last statement fails, or the COMMIT itself', async () => {
  client.holdBegin(tenant);
  await client.query(insertRow('failing-statement', 1));
  await expect(client.commitWith([insertRow('failing-statement', -1)])).rejects.toMatchObject({ code: '23514' });
  await client.query('ROLLBACK');
  expect(await rowsOf('failing-statement')).toEqual([]);

  client.holdBegin(tenant);
  await client.query(insertRow('failing-commit', 1));
  await expect(client.commitWith([insertRow('failing-commit', 1)])).rejects.toMatchObject({ code: '23505' });
  // the failed COMMIT ended the transaction: a ROLLBACK finds none (and says so, without failing)
  await client.query('ROLLBACK');
  expect(await rowsOf('failing-commit')).toEqual([]);
  expect(await inTransaction()).toBe(false);
});

it('leaves no statement recorded as parsed that was not, on a fresh connection', async () => {
  client.release(true); // dropped: the next connection is new and has parsed nothing
  client = (await pool.connect()) as Client;
  client.holdBegin(tenant);
  // its own Parse fails after the begin's statements were parsed in the same message
  await expect(client.query({ name: 'frame_broken', text: 'SELEC $1::int', values: [1] })).rejects.toMatchObject({ code: '42601' });
  await client.query('ROLLBACK');
  // the same for the commit: its Parse is never reached
  client.holdBegin(tenant);
  await expect(client.commitWith([{ name: 'frame_broken_too', text: 'INSER $1::int', values: [1] }])).rejects.toMatchObject({ code: '42601' });
  await client.query('ROLLBACK');
  // the frame's statements are not parsed again (that would fail: they exist), the broken ones would be
  for (let round = 0; round < 2; round++) {
    client.holdBegin(tenant);
    expect((await client.query({ ...markTransaction, values: [round] })).rows).toEqual([{ probe: 'set', tenant, n: round }]);
    await client.commitWith([insertRow(`fresh-${round}`, round)]);
    expect(await rowsOf(`fresh-${round}`)).toEqual([round]);
  }
  client.holdBegin(tenant);
  await expect(client.query({ name: 'frame_broken', text: 'SELEC $1::int', values: [1] })).rejects.toMatchObject({ code: '42601' });
  await client.query('ROLLBACK');
});

it('keeps the connection usable when a statement is refused before or while it is sent', async () => {
  client.release(true); // a new connection: the frame's statements are parsed in the message that is refused
  client = (await pool.connect()) as Client;
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  // a parameter node-postgres cannot write: refused while the message is being written, after the begin
  client.holdBegin(tenant);
  await expect(client.query({ name: 'frame_bind', text: 'SELECT $1::text AS v', values: [circular] })).rejects.toThrow(/circular/i);
  await client.query('ROLLBACK');
  client.holdBegin(tenant);
  expect((await client.query({ ...markTransaction, values: [7] })).rows).toEqual([{ probe: 'set', tenant, n: 7 }]);
  await client.query('ROLLBACK');
  // a name already prepared with other text: refused before anything is written
  client.holdBegin(tenant);
  await expect(client.query({ name: markTransaction.name, text: 'SELECT $1::int AS n', values: [1] })).rejects.toThrow(/must be unique/);
  await client.query('ROLLBACK');
  for (let round = 0; round < 2; round++) {
    client.holdBegin(tenant);
    expect((await client.query({ ...markTransaction, values: [round] })).rows).toEqual([{ probe: 'set', tenant, n: round }]);
    await client.commitWith([insertRow(`after-refusal-${round}`, round)]);
    expect(await rowsOf(`after-refusal-${round}`)).toEqual([round]);
  }
});

it('forgets a begin taken back: the next statement runs outside any transaction', async () => {
  client.holdBegin(tenant);
  expect(client.takeHeldBegin()).toBe(tenant);
  expect(client.takeHeldBegin()).toBeUndefined();
  await client.query({ ...markTransaction, values: [1] });
  expect(await inTransaction()).toBe(false);
});

describe('writes held for the next statement or the commit', () => {
  /** A write that answers rows of its own (as a change statement's final SELECT may): they never reach the statement. */
  const insertReturning = (k: string, n: number) => ({ name: 'frame_insert_returning', text: `INSERT INTO ${TABLE} (k, n) VALUES ($1, $2) RETURNING n, k`, values: [k, n] });
  const countOf = { name: 'frame_count', text: `SELECT count(*)::int AS c, current_setting('app.tenant_id', true) AS tenant FROM ${TABLE} WHERE k = $1` };

  it('travel in front of the next statement, in the transaction, which sees them and answers only its own rows', async () => {
    for (let round = 0; round < 3; round++) {
      const k = `held-${round}`;
      client.holdBegin(tenant);
      client.holdWrite(insertReturning(k, 1));
      client.holdWrite({ name: undefined, text: `INSERT INTO ${TABLE} (k, n) VALUES ($1, 2)`, values: [k] });
      const result = await client.query<{ c: number; tenant: string }>({ ...countOf, values: [k] });
      expect(result.rows).toEqual([{ c: 2, tenant }]);
      expect(result.command).toBe('SELECT');
      expect(await rowsOf(k)).toEqual([]); // not committed yet
      expect(await client.commitWith([])).toBe(false);
      await client.query('COMMIT');
      expect(await rowsOf(k)).toEqual([1, 2]);
    }
  });

  it('commit with the statements handed to commitWith, after them, in one message; all or nothing', async () => {
    for (let round = 0; round < 2; round++) {
      const k = `held-commit-${round}`;
      client.holdBegin(tenant);
      client.holdWrite(insertReturning(k, 1));
      expect(await client.commitWith([insertRow(k, 2)])).toBe(true);
      expect(await rowsOf(k)).toEqual([1, 2]);
    }
    // writes alone: the last one carries COMMIT
    client.holdBegin(tenant);
    client.holdWrite(insertRow('held-alone', 1));
    client.holdWrite(insertRow('held-alone', 2));
    expect(await client.commitWith([])).toBe(true);
    expect(await rowsOf('held-alone')).toEqual([1, 2]);
    // the statement after a failing write never runs, nothing commits
    client.holdBegin(tenant);
    client.holdWrite(insertRow('held-failing', -1));
    await expect(client.commitWith([insertRow('held-failing', 2)])).rejects.toMatchObject({ code: '23514' });
    await client.query('ROLLBACK');
    expect(await rowsOf('held-failing')).toEqual([]);
  });

  it("fail the statement they travel with, with the write's own error; nothing is written and the connection goes on", async () => {
    client.holdBegin(tenant);
    await client.query(insertRow('held-error', 1));
    client.holdWrite(insertRow('held-error', -1));
    await expect(client.query({ ...countOf, values: ['held-error'] })).rejects.toMatchObject({ code: '23514' });
    await client.query('ROLLBACK');
    expect(await rowsOf('held-error')).toEqual([]);
    // a write raising an error of its own, as a version gate does
    client.holdBegin(tenant);
    client.holdWrite({ name: 'frame_raise', text: `SELECT eenplan_plan_version_conflict($1::uuid)`, values: [randomUUID()] });
    await expect(client.commitWith([insertRow('held-raise', 1)])).rejects.toMatchObject({ code: 'EP412', detail: '{"resource" : "plan", "currentVersion" : null}' });
    await client.query('ROLLBACK');
    expect(await rowsOf('held-raise')).toEqual([]);
    client.holdBegin(tenant);
    expect((await client.query({ ...markTransaction, values: [3] })).rows).toEqual([{ probe: 'set', tenant, n: 3 }]);
    await client.query('ROLLBACK');
  });

  it('are parsed once per connection when named, also when the statement behind them has the same name', async () => {
    client.release(true); // a new connection: nothing parsed yet
    client = (await pool.connect()) as Client;
    for (let round = 0; round < 3; round++) {
      const k = `held-same-name-${round}`;
      client.holdBegin(tenant);
      client.holdWrite(insertRow(k, 1));
      client.holdWrite(insertRow(k, 2));
      expect(await client.commitWith([insertRow(k, 3)])).toBe(true);
      expect(await rowsOf(k)).toEqual([1, 2, 3]);
    }
  });

  it('are refused with the connection left usable when node-postgres cannot write a parameter', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    client.holdBegin(tenant);
    client.holdWrite(insertRow('held-circular', 1));
    client.holdWrite({ name: 'frame_circular', text: 'SELECT $1::text AS v', values: [circular] });
    await expect(client.query({ ...countOf, values: ['held-circular'] })).rejects.toThrow(/circular/i);
    await client.query('ROLLBACK');
    expect(await rowsOf('held-circular')).toEqual([]);
    client.holdBegin(tenant);
    client.holdWrite(insertRow('held-after-circular', 1));
    expect(await client.commitWith([])).toBe(true);
    expect(await rowsOf('held-after-circular')).toEqual([1]);
  });

  it('go as messages of their own before a callback-style call, and are forgotten when taken back', async () => {
    client.holdBegin(tenant);
    client.holdWrite(insertRow('held-callback', 1));
    const counted = await new Promise<number>((resolve, reject) =>
      (client.query as unknown as (text: string, values: unknown[], callback: (error: Error | null, result: pg.QueryResult<{ c: number }>) => void) => void)(
        countOf.text,
        ['held-callback'],
        (error, result) => (error ? reject(error) : resolve(result.rows[0]!.c)),
      ),
    );
    expect(counted).toBe(1);
    await client.query('ROLLBACK');
    client.holdBegin(tenant);
    client.holdWrite(insertRow('held-forgotten', 1));
    expect(client.takeHeldWrites()).toHaveLength(1);
    expect(client.takeHeldBegin()).toBe(tenant);
    expect(await client.commitWith([])).toBe(false);
    expect((await client.query<{ c: number }>({ ...countOf, values: ['held-forgotten'] })).rows[0]!.c).toBe(0);
    expect(await rowsOf('held-forgotten')).toEqual([]);
  });
});
