import pg from 'pg';

/**
 * A request's transaction begins with `START TRANSACTION` and the tenant setting. Sent on their own they cost a
 * round trip before the request's first real statement: a write from node, a wake-up of the database backend, an
 * answer, a read. Held back instead (`HoldsBegin.holdBegin`), they travel in the same write as the transaction's
 * first extended-protocol statement, before its `Sync`: the server runs them in order — begin, tenant, statement —
 * and answers once. An error anywhere in the batch fails that statement, and the transaction is rolled back as
 * before.
 *
 * The two statements are named and parsed once per connection. Their `ParseComplete`, `CommandComplete` and the
 * tenant's `DataRow` reach the statement the batch was sent with (node-postgres routes every message to the active
 * query), so `BegunQuery` takes its own answers off first and hands the rest to node-postgres' `Query`.
 */
export interface HoldsBegin {
  /** The next statement on this connection begins a transaction for `tenant` ('' for none) in the same write. */
  holdBegin(tenant: string): void;
  /** The tenant of a begin still held (no statement was sent since), and forgets it; undefined if none is held. */
  takeHeldBegin(): string | undefined;
}

export const holdsBegin = (client: unknown): client is HoldsBegin =>
  typeof (client as Partial<HoldsBegin> | null)?.holdBegin === 'function' && typeof (client as Partial<HoldsBegin>).takeHeldBegin === 'function';

const BEGIN = { name: 'eenplan_begin', text: 'START TRANSACTION' } as const;
const TENANT = { name: 'eenplan_tenant', text: "SELECT set_config('app.tenant_id', $1, true)" } as const;

/** The same begin as one simple-protocol message, for a first statement that is not sent with the extended protocol. */
export const beginText = (tenantLiteral: string): string => `START TRANSACTION; SELECT set_config('app.tenant_id', ${tenantLiteral}, true)`;

/** What of node-postgres' connection and query this file relies on (not in its type declarations). */
interface Connection {
  parsedStatements: Record<string, string>;
  stream: { cork(): void; uncork(): void };
  parse(config: { name: string; text: string; types: unknown[] }): void;
  bind(config: { statement: string; values: unknown[] }): void;
  execute(config: { portal: string }): void;
}
interface QueryInternals {
  requiresPreparation(): boolean;
  submit(connection: Connection): Error | null;
  handleCommandComplete(message: unknown, connection: Connection): void;
  handleDataRow(message: unknown): void;
  handleError(error: Error, connection: Connection): void;
  callback?: (error: Error | null, result?: unknown) => void;
}
const Query = pg.Query as unknown as new (config: unknown, values?: unknown) => QueryInternals;

/** A node-postgres query that carries a held begin in front of itself (see the file's comment). */
export class BegunQuery extends Query {
  /** `CommandComplete` answers of the begin and the tenant still to come, in order before the statement's. */
  private prefixAnswers = 2;
  /** `ParseComplete` answers of the two statements, sent only the first time on a connection. */
  private prefixParses: string[] = [];

  constructor(
    /** The tenant the transaction is begun for ('' for none). */
    readonly tenant: string,
    config: unknown,
    values?: unknown,
  ) {
    super(config, values);
  }

  override submit(connection: Connection): Error | null {
    connection.stream.cork();
    try {
      for (const [statement, values] of [[BEGIN, []], [TENANT, [this.tenant]]] as const) {
        if (connection.parsedStatements[statement.name] === undefined && !this.prefixParses.includes(statement.name)) {
          connection.parse({ name: statement.name, text: statement.text, types: [] });
          this.prefixParses.push(statement.name);
        }
        connection.bind({ statement: statement.name, values: [...values] });
        connection.execute({ portal: '' });
      }
      return super.submit(connection);
    } finally {
      connection.stream.uncork();
    }
  }

  /**
   * Called by the client for every `ParseComplete` while this query is active: true (and the statement recorded as
   * parsed on the connection) if it answered one of the held statements, which come first.
   */
  takePrefixParse(connection: Connection): boolean {
    const name = this.prefixParses.shift();
    if (name === undefined) return false;
    connection.parsedStatements[name] = name === BEGIN.name ? BEGIN.text : TENANT.text;
    return true;
  }

  override handleCommandComplete(message: unknown, connection: Connection): void {
    if (this.prefixAnswers > 0) {
      this.prefixAnswers--;
      return;
    }
    super.handleCommandComplete(message, connection);
  }

  override handleDataRow(message: unknown): void {
    if (this.prefixAnswers > 0) return; // set_config's value
    super.handleDataRow(message);
  }

  override handleError(error: Error, connection: Connection): void {
    // a held statement whose Parse did not answer is not parsed: it is sent again next time
    this.prefixParses = [];
    super.handleError(error, connection);
  }
}

/**
 * The statement's parse-complete answer for a `BegunQuery`: whether the client should let node-postgres record it
 * (false when it answered one of the held statements, which `takePrefixParse` recorded).
 */
export const isPrefixParse = (active: unknown, connection: unknown): boolean =>
  active instanceof BegunQuery && active.takePrefixParse(connection as Connection);
