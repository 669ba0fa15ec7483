import pg from 'pg';
import { poolLimits, type TimeLimits } from '../../src/database/data-source-options.js';

/**
 * The runtime pools keep an idle connection for `DATABASE_POOL_IDLE_TIMEOUT_MS`: a connection closed after a lull
 * has to log in again and parse and plan every statement again, which the first requests after the lull wait for
 * (docs/benchmarks.md). Straight against PostgreSQL: which server process answers tells whether the connection lived.
 */
const LIMITS: Omit<TimeLimits, 'poolIdleTimeoutMs'> = { connectTimeoutMs: 5000, statementTimeoutMs: 5000, lockTimeoutMs: 5000, idleInTransactionTimeoutMs: 10000, queryTimeoutMs: 10000 };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const url = () => {
  const value = process.env.DATABASE_URL;
  if (!value) throw new Error('DATABASE_URL is set by test/setup/global-setup.ts: run the tests through Jest');
  return value;
};
const backend = async (pool: pg.Pool) => (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

describe('the runtime pool and its idle connections', () => {
  let observer: pg.Client;
  beforeAll(async () => {
    observer = new pg.Client({ connectionString: url() });
    await observer.connect();
  });
  afterAll(() => observer.end());
  const alive = async (pid: number) => (await observer.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 1;

  /** A pool of one connection with the runtime pools' limits and the given idle timeout, ended afterwards. */
  const withPool = async (poolIdleTimeoutMs: number, use: (pool: pg.Pool) => Promise<void>) => {
    const pool = new pg.Pool({ connectionString: url(), max: 1, ...poolLimits({ ...LIMITS, poolIdleTimeoutMs }) });
    try {
      await use(pool);
    } finally {
      await pool.end();
    }
  };

  it('keeps an idle connection open within the idle timeout, and the next query reuses it', () =>
    withPool(60_000, async (pool) => {
      const first = await backend(pool);
      await pause(1_500);
      expect(pool.totalCount).toBe(1);
      expect(await backend(pool)).toBe(first);
    }));

  it('closes a connection idle for longer than the idle timeout, on the server too', () =>
    withPool(300, async (pool) => {
      const first = await backend(pool);
      await pause(1_500);
      expect(pool.totalCount).toBe(0);
      expect(await alive(first)).toBe(false);
      expect(await backend(pool)).not.toBe(first);
    }));
});
