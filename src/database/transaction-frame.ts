import { createRequire } from 'node:module';
import pg from 'pg';
import { sqlLiteral } from './sql-literal.js';

/** node-postgres' own mapping of parameter values (dates, buffers, arrays, objects) for a Bind it did not write. */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (this: void, value: unknown) => unknown };

/**
 * A request's transaction opens with `START TRANSACTION` and the tenant setting and closes with its audit events
 * and `COMMIT`. Sent as messages of their own, the opening costs a round trip before the request's first real
 * statement (a write from node, a wake-up of the database backend, an answer, a read), and the closing INSERT is
 * parsed and planned on every request. Instead the pool's client frames statements:
 *
 * - a begin held back (`TransactionFrame.holdBegin`) travels in the same write as the transaction's first
 *   extended-protocol statement, before its `Sync`;
 * - a write held back (`holdWrite`: a statement whose answer nobody reads, such as a change whose version gate
 *   raises when it fails) travels in the same write as the next statement, after the begin and before it;
 * - `commitWith` sends the writes still held, its own statements (the audit events) and `COMMIT` before one `Sync`,
 *   with a begin still held in front of them.
 *
 * The server runs the messages in order and answers once; an error anywhere fails the statement, the server skips
 * the rest (so nothing commits) and the transaction is rolled back as before. A held write's error is the error of
 * the statement it travelled with. The frame's own statements are named and parsed once per connection; so is a held
 * write that has a name. Their answers (`ParseComplete`, `CommandComplete`, the tenant's or a write's `DataRow`)
 * reach the framed statement, because node-postgres routes every message to the active query: `FramedQuery` takes
 * its frame's answers off and hands the rest to node-postgres' `Query`.
 */
export interface TransactionFrame {
  /** The next statement on this connection begins a transaction for `tenant` ('' for none) in the same write. */
  holdBegin(tenant: string): void;
  /** The tenant of a begin still held (no statement was sent since), and forgets it; undefined if none is held. */
  takeHeldBegin(): string | undefined;
  /**
   * The transaction's next statement carries `statement` in its message, in front of it (after a held begin), or
   * `commitWith` does. Its answer is not kept; its error is the carrying statement's.
   */
  holdWrite(statement: NamedStatement): void;
  /** The writes still held (none was sent since they were held), and forgets them. */
  takeHeldWrites(): NamedStatement[];
  /**
   * The writes still held, then `statements`, then `COMMIT`, in one message (a held begin in front); rejects,
   * committing nothing, if any of them fails. False, sending nothing, when there is no write and no statement (the
   * caller commits or forgets the begin). (No answer is kept: COMMIT's comes with them.)
   */
  commitWith(statements: NamedStatement[]): Promise<boolean>;
}

/** A statement with positional parameters, prepared once per connection under `name` (unnamed: parsed every time). */
export interface NamedStatement {
  name: string | undefined;
  text: string;
  values: unknown[];
}

export const isTransactionFrame = (client: unknown): client is TransactionFrame =>
  typeof (client as Partial<TransactionFrame> | null)?.holdBegin === 'function' &&
  typeof (client as Partial<TransactionFrame>).takeHeldBegin === 'function' &&
  typeof (client as Partial<TransactionFrame>).holdWrite === 'function' &&
  typeof (client as Partial<TransactionFrame>).commitWith === 'function';

/** A statement the frame sends itself: its own (named, parsed once per connection) or a held write ('' unnamed). */
interface FrameStatement {
  name: string;
  text: string;
}
const BEGIN: FrameStatement = { name: 'eenplan_begin', text: 'START TRANSACTION' };
const TENANT: FrameStatement = { name: 'eenplan_tenant', text: "SELECT set_config('app.tenant_id', $1, true)" };
const COMMIT: FrameStatement = { name: 'eenplan_commit', text: 'COMMIT' };

/**
 * The same begin as one simple-protocol message, for a first statement that is not sent with the extended protocol
 * (that protocol carries no parameters: the tenant id goes as a literal).
 */
export const beginText = (tenant: string): string => `START TRANSACTION; SELECT set_config('app.tenant_id', ${sqlLiteral(tenant)}, true)`;

/** What of node-postgres' connection and query this file relies on (not in its type declarations). */
interface Connection {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  stream: { cork(): void; uncork(): void };
  parse(config: { name: string; text: string; types: unknown[] }): void;
  bind(config: { statement: string; values: unknown[]; valueMapper?: (value: unknown) => unknown }): void;
  execute(config: { portal: string; rows?: number }): void;
  sync(): void;
  flush(): void;
}
interface QueryInternals {
  queryMode?: string;
  text?: string;
  name?: string;
  values?: unknown;
  portal: string;
  requiresPreparation(): boolean;
  hasBeenParsed(connection: Connection): boolean;
  submit(connection: Connection): Error | null;
  handleCommandComplete(message: unknown, connection: Connection): void;
  handleDataRow(message: unknown): void;
  handleError(error: Error, connection: Connection): void;
  callback?: (error: Error | null, result?: unknown) => void;
}
const Query = pg.Query as unknown as new (config: unknown, values?: unknown) => QueryInternals;

/** What frames a statement: a begin for a tenant and held writes in front, `COMMIT` behind. */
export interface Frame {
  begin?: string;
  writes?: NamedStatement[];
  commit?: boolean;
}

/** A node-postgres query sent inside its frame (see the file's comment). */
export class FramedQuery extends Query {
  /** `CommandComplete` answers of the begin, the tenant and the writes still to come, before the statement's. */
  private leadingAnswers: number;
  /** Who each `ParseComplete` still to come answers: a frame statement, or the statement itself (null). */
  private parses: Array<FrameStatement | null> = [];

  constructor(
    readonly frame: Frame,
    config: unknown,
    values?: unknown,
  ) {
    // node-postgres copies a config object property by property (its descriptors: ~1 % of a plan change's node time);
    // a text it takes as it is. The frame's statements are {name, text, values}: given as text, the name set after.
    const statement = plainStatement(config);
    super(statement ? statement.text : config, statement ? (values ?? statement.values) : values);
    if (statement?.name !== undefined) this.name = statement.name;
    this.leadingAnswers = (frame.begin === undefined ? 0 : 2) + (frame.writes?.length ?? 0);
    // COMMIT goes between the statement's Execute and its Sync, writes before its Parse: the statement must go by
    // the extended protocol even without parameters (which also refuses several statements in one text, rather
    // than committing them)
    if (frame.commit || (frame.writes?.length ?? 0) > 0) this.queryMode = 'extended';
  }

  override submit(connection: Connection): Error | null {
    // what node-postgres refuses before sending anything, refused before the frame is sent too (the caller's
    // rollback then finds no transaction)
    if (this.refusedUnsent(connection)) return super.submit(connection);
    connection.stream.cork();
    try {
      if (this.frame.begin !== undefined) {
        this.send(connection, BEGIN, []);
        this.send(connection, TENANT, [this.frame.begin]);
      }
      try {
        for (const write of this.frame.writes ?? []) this.send(connection, { name: write.name ?? '', text: write.text }, write.values);
      } catch (error) {
        // a write's parameter node-postgres cannot write: as node-postgres does for its own statement, end what was
        // sent with Sync and fail the query (the server's answers to what it got are taken off as usual)
        connection.sync();
        this.handleError(error as Error, connection);
        return null;
      }
      if (this.name !== undefined && this.parses.some((parse) => parse?.name === this.name)) {
        // a write in front parses it under this name: node-postgres must not parse it again
        connection.submittedNamedStatements[this.name] = this.text ?? '';
      }
      if (!this.hasBeenParsed(connection)) this.parses.push(null);
      return super.submit(connection);
    } finally {
      connection.stream.uncork();
    }
  }

  /** node-postgres' checks in `Query.submit` that answer an error without writing anything. */
  private refusedUnsent(connection: Connection): boolean {
    if (typeof this.text !== 'string' && typeof this.name !== 'string') return true;
    if (Boolean(this.values) && !Array.isArray(this.values)) return true;
    const previous = this.name === undefined ? undefined : connection.parsedStatements[this.name] || connection.submittedNamedStatements[this.name];
    return Boolean(this.text) && Boolean(previous) && previous !== this.text;
  }

  /** node-postgres' last step of sending the statement (execute, then sync): the commit goes between the two. */
  _getRows(connection: Connection, rows?: number): void {
    connection.execute({ portal: this.portal, rows });
    if (this.frame.commit) this.send(connection, COMMIT, []);
    if (rows) connection.flush();
    else connection.sync();
  }

  private send(connection: Connection, statement: FrameStatement, values: unknown[]): void {
    const unnamed = statement.name === '';
    if (unnamed || (connection.parsedStatements[statement.name] === undefined && !this.parses.some((parse) => parse?.name === statement.name))) {
      connection.parse({ name: statement.name, text: statement.text, types: [] });
      this.parses.push(statement);
    }
    connection.bind({ statement: statement.name, values, valueMapper: prepareValue });
    connection.execute({ portal: '' });
  }

  /**
   * Called by the client for every `ParseComplete` while this query is active: true (and the frame's statement
   * recorded as parsed on the connection) if it answered one of the frame's statements.
   */
  takeFrameParse(connection: Connection): boolean {
    const statement = this.parses.shift();
    if (!statement) return false;
    if (statement.name !== '') connection.parsedStatements[statement.name] = statement.text;
    return true;
  }

  override handleCommandComplete(message: unknown, connection: Connection): void {
    if (this.leadingAnswers > 0) {
      this.leadingAnswers--;
      return;
    }
    super.handleCommandComplete(message, connection);
  }

  override handleDataRow(message: unknown): void {
    if (this.leadingAnswers > 0) return; // set_config's value, a write's rows
    super.handleDataRow(message);
  }
}

/** A config that is only a statement's name, text and values (what `prepared` and `commitWith` send). */
function plainStatement(config: unknown): { name?: string; text: string; values?: unknown } | undefined {
  if (config === null || typeof config !== 'object' || Object.getPrototypeOf(config) !== Object.prototype) return undefined;
  const { name, text, values } = config as { name?: unknown; text?: unknown; values?: unknown };
  if (typeof text !== 'string' || (name !== undefined && typeof name !== 'string')) return undefined;
  return Object.keys(config).every((key) => key === 'name' || key === 'text' || key === 'values') ? { name: name as string | undefined, text, values } : undefined;
}

/**
 * For the client's `ParseComplete` handling: whether it answered a frame's own statement (recorded by
 * `takeFrameParse`), which node-postgres must not record as the active statement's.
 */
export const isFrameParse = (active: unknown, connection: unknown): boolean =>
  active instanceof FramedQuery && active.takeFrameParse(connection as Connection);
