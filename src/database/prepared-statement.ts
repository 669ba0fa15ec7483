import { createHash } from 'node:crypto';

/**
 * A statement PostgreSQL parses and plans once per connection (a named prepared statement in node-postgres:
 * `{ name, text, values }`). For hot reads whose SQL depends only on the shape of the request (which predicates
 * apply), not its values: the text is built once per shape, each request only binds its values, and the server
 * skips parsing and rewriting (row-level security policies included) on every later execution on that connection.
 */
export interface PreparedStatement {
  /** Derived from the text, so two texts never share a name (node-postgres refuses that on one connection). */
  name: string;
  text: string;
  /** The named parameters in the order of `$1`, `$2`, …. */
  parameters: readonly string[];
}

/**
 * `sql` with TypeORM-style named parameters (`:name`) as a prepared statement with positional ones, numbered in
 * order of first use. Casts (`::json`) and digits before a colon (`'12:30'`) are not parameters.
 */
export function preparedStatement(prefix: string, sql: string): PreparedStatement {
  const parameters: string[] = [];
  const text = sql.replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (_match, name: string) => {
    let at = parameters.indexOf(name);
    if (at === -1) at = parameters.push(name) - 1;
    return `$${at + 1}`;
  });
  return { name: statementName(prefix, text), text, parameters };
}

/** Derived from the text, so two texts never share a name (node-postgres refuses that on one connection). */
const statementName = (prefix: string, text: string) => `${prefix}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;

/** The values for `statement` from named parameters; a parameter that was not given is an error, not NULL. */
export function statementValues(statement: PreparedStatement, params: Record<string, unknown>): unknown[] {
  return statement.parameters.map((name) => {
    if (!(name in params)) throw new Error(`prepared statement ${statement.name}: no value for parameter ${name}`);
    return params[name] ?? null;
  });
}

/**
 * Statements by shape, built on first use: `shape` must name everything the text depends on (see
 * `AccessRepository.readShape`), so the same shape always means the same text.
 */
export class PreparedStatements {
  private readonly byShape = new Map<string, PreparedStatement>();

  constructor(private readonly prefix: string) {}

  get(shape: string, build: () => string): PreparedStatement {
    let statement = this.byShape.get(shape);
    if (!statement) {
      statement = preparedStatement(this.prefix, build());
      this.byShape.set(shape, statement);
    }
    return statement;
  }
}

/**
 * Names for statements whose text is built per request from a few shapes (which fields a change sets, how many
 * events it writes): the name is a hash of the text, so the server parses and plans each shape once per connection
 * instead of on every request. At most `limit` shapes get a name; past that `name` answers undefined and the caller
 * runs the text unnamed — every connection keeps each named statement until it closes, so their number stays bounded.
 */
export class PreparedTexts {
  private readonly names = new Map<string, string>();

  constructor(
    private readonly prefix: string,
    private readonly limit = 64,
  ) {}

  name(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size < this.limit) {
      name = statementName(this.prefix, text);
      this.names.set(text, name);
    }
    return name;
  }
}
