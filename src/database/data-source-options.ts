import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { DatabaseConfig } from '../config/app-config.js';
import { rememberMicroseconds } from '../common/precise-instant.js';
import type { EntityClass } from './entity-class.js';
import { FramedQuery, beginText, isFrameParse, type NamedStatement, type TransactionFrame } from './transaction-frame.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// a timestamp read from the database keeps its microseconds for cursors (src/common/precise-instant.ts): the driver's
// own parser, and what a Date cannot hold remembered beside it. Once per process, for every pool of this driver.
const parseTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (text: string) => unknown;
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (text: string) => rememberMicroseconds(parseTimestamptz(text), text));

/** Options of a runtime pool (not of migrations, which may legitimately take long). */
export type TimeLimits = Pick<DatabaseConfig, 'connectTimeoutMs' | 'statementTimeoutMs' | 'lockTimeoutMs' | 'idleInTransactionTimeoutMs' | 'queryTimeoutMs' | 'poolIdleTimeoutMs'>;

/**
 * `entities` comes from the composition root (src/app.entities.ts): the database floor knows no feature. Work that
 * needs no entity metadata (running migrations) passes none.
 */
/**
 * How long a connection without the request path's time limits (migrations, the command-line tools) may take to
 * open: their statements may run long, but a frozen server must not leave a tool hanging without a word.
 */
export const CONNECT_TIMEOUT_MS = 10_000;

export function dataSourceOptions(url: string, entities: readonly EntityClass[], poolSize = 20, limits?: TimeLimits): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [...entities],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    synchronize: false,
    logging: false,
    extra: { max: poolSize, application_name: 'eenplan', ...(limits ? poolLimits(limits) : { connectionTimeoutMillis: CONNECT_TIMEOUT_MS }) },
  };
}

/**
 * Every wait on the database is bounded. The server enforces `statement_timeout`, `lock_timeout` and
 * `idle_in_transaction_session_timeout`; `connectionTimeoutMillis` bounds both opening a connection and waiting
 * for a free one in the pool. A server that is frozen or unreachable answers none of that, so the client also
 * gives each query `queryTimeoutMs` (longer than the statement timeout) and then drops the connection: the
 * query fails at once, the transaction's ROLLBACK fails fast on the dead connection instead of waiting again,
 * and the pool never hands that connection out again.
 *
 * An idle connection stays open for `poolIdleTimeoutMs` (node-postgres closes it after ten seconds unless told
 * otherwise): each new one costs a login and, per statement shape, a parse and five custom plans before PostgreSQL
 * settles on the generic one. Measured after a quiet quarter minute, the first second of a plan-change load ran at
 * 232–682 req/s with p99 190–691 ms when the pool had closed its connections, 600–864 req/s and 124–144 ms when it
 * had kept them (docs/benchmarks.md).
 */
export function poolLimits(limits: TimeLimits): Record<string, unknown> {
  return {
    connectionTimeoutMillis: limits.connectTimeoutMs,
    idleTimeoutMillis: limits.poolIdleTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    lock_timeout: limits.lockTimeoutMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
    Client: BoundedClient,
    [QUERY_TIMEOUT_OPTION]: limits.queryTimeoutMs,
  };
}

const QUERY_TIMEOUT_OPTION = 'eenplanQueryTimeoutMs';

/** The error a query gets when the server did not answer in time; `code` lets the problem filter recognise it. */
export class DatabaseTimeoutError extends Error {
  readonly code = 'EENPLAN_DB_TIMEOUT';
  constructor(ms: number) {
    super(`the database did not answer within ${ms} ms; the connection was dropped`);
    this.name = 'DatabaseTimeoutError';
  }
}

class BoundedClient extends pg.Client implements TransactionFrame {
  private readonly boundMs: number;
  private heldBegin: string | undefined;
  private heldWrites: NamedStatement[] = [];

  constructor(config: pg.ClientConfig & { [QUERY_TIMEOUT_OPTION]?: number }) {
    super(config);
    this.boundMs = config[QUERY_TIMEOUT_OPTION] ?? 0;
    // the pool and TypeORM handle a dropped connection; this keeps a late second 'error' event from being unhandled
    this.on('error', () => undefined);
  }

  holdBegin(tenant: string): void {
    this.heldBegin = tenant;
  }

  takeHeldBegin(): string | undefined {
    const tenant = this.heldBegin;
    this.heldBegin = undefined;
    return tenant;
  }

  holdWrite(statement: NamedStatement): void {
    this.heldWrites.push(statement);
  }

  takeHeldWrites(): NamedStatement[] {
    const writes = this.heldWrites;
    this.heldWrites = [];
    return writes;
  }

  override query(...args: unknown[]): never {
    const begin = this.takeHeldBegin();
    const writes = this.takeHeldWrites();
    const held = begin !== undefined || writes.length > 0;
    return this.bounded(held ? this.queryFramed({ begin, writes }, args) : (super.query as (...a: unknown[]) => unknown)(...args)) as never;
  }

  async commitWith(statements: NamedStatement[]): Promise<boolean> {
    const writes = [...this.takeHeldWrites(), ...statements];
    const last = writes.pop();
    if (last === undefined) return false;
    await this.bounded(this.submit(new FramedQuery({ begin: this.takeHeldBegin(), writes, commit: true }, last)));
    return true;
  }

  /**
   * The first statement after a held begin or write: in the same write when it goes by the extended protocol (a
   * `FramedQuery`, which a held write makes it go by); otherwise — a submittable or a callback-style call, or a text
   * without parameters behind a begin alone — what is held goes first as messages of their own. Should one of them
   * fail, the connection is dropped, so nothing queued behind it runs outside the transaction or without the write.
   */
  private queryFramed(frame: { begin: string | undefined; writes: NamedStatement[] }, [config, values, callback]: unknown[]): unknown {
    const query = this.plain(config, values, callback) ? new FramedQuery(frame, config, values) : undefined;
    if (query?.requiresPreparation()) return this.submit(query);
    const dropOnFailure = (error: unknown) => this.drop(error instanceof Error ? error : undefined);
    if (frame.begin !== undefined) super.query(beginText(frame.begin)).catch(dropOnFailure);
    for (const write of frame.writes) super.query({ name: write.name, text: write.text, values: write.values }).catch(dropOnFailure);
    return (super.query as (...a: unknown[]) => unknown)(config, values, callback);
  }

  private submit(query: FramedQuery): Promise<unknown> {
    const result = new Promise((resolve, reject) => {
      query.callback = (error, rows) => (error ? reject(error) : resolve(rows));
    });
    super.query(query as never);
    return result;
  }

  /** A plain statement (text or config, promise-style), not a submittable or a callback-style call. */
  private plain(config: unknown, values: unknown, callback: unknown): boolean {
    const submittable = typeof (config as { submit?: unknown } | null)?.submit === 'function';
    return !submittable && typeof values !== 'function' && callback === undefined && (config as { callback?: unknown } | null)?.callback === undefined;
  }

  /** The server gets `boundMs` to answer; then the connection is dropped (see `poolLimits`). */
  private bounded<T>(result: T): T {
    if (this.boundMs > 0 && result instanceof Promise) {
      const timer = setTimeout(() => this.drop(), this.boundMs);
      const clear = () => clearTimeout(timer);
      result.then(clear, clear);
    }
    return result;
  }

  /** node-postgres records a statement as parsed on every `ParseComplete`: not on those of a frame's own statements. */
  protected _handleParseComplete(): void {
    const active = (this as unknown as { _getActiveQuery(): unknown })._getActiveQuery();
    if (isFrameParse(active, this.connection)) return;
    (pg.Client.prototype as unknown as { _handleParseComplete(this: pg.Client): void })._handleParseComplete.call(this);
  }

  private drop(error: Error = new DatabaseTimeoutError(this.boundMs)): void {
    const stream = (this as unknown as { connection?: { stream?: { destroy(error?: Error): void } } }).connection?.stream;
    stream?.destroy(error);
  }
}
