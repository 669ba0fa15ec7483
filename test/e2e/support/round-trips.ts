import { AsyncLocalStorage } from 'node:async_hooks';
import type { Server } from 'node:http';
import pg from 'pg';
import { FramedQuery } from '../../../src/database/transaction-frame.js';

/** The header that marks a request whose database round trips are counted. */
export const COUNT_HEADER = 'x-test-count-round-trips';

/**
 * Counts what the application sends to PostgreSQL on behalf of marked requests, inside the app's own process.
 *
 * node-postgres sends one query at a time per connection and waits for its answer (no pipelining), so one call
 * of `Client.prototype.query` is one round trip — however many statements a simple-protocol message holds, and
 * whether or not it carries a transaction's begin, held writes or commit (src/database/transaction-frame.ts), which
 * the text shows as `BEGIN(tenant) + <write> + … + COMMIT` (and the name as `<write's name> + <name>`). Every
 * pool of the app (request pool, worker pool) makes its clients from `pg.Client`, so wrapping the prototype sees
 * them all. Which request a query belongs to is carried by an AsyncLocalStorage entered in the HTTP server's
 * `request` listener (the header's value), so background work of the process (timers, listeners) never counts.
 */
export class RoundTripCounter {
  private readonly store = new AsyncLocalStorage<string>();
  private readonly seen = new Map<string, string[]>();
  private readonly names = new Map<string, Array<string | undefined>>();
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with `apply` and restored
  private readonly original = pg.Client.prototype.query;
  private readonly listeners: Array<(...args: unknown[]) => void>;

  constructor(private readonly server: Server) {
    const { store, seen, names } = this;
    const original = this.original;
    pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
      const tag = store.getStore();
      if (tag !== undefined) {
        seen.get(tag)?.push(textOf(args[0]));
        names.get(tag)?.push(nameOf(args[0]));
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Client.prototype.query;
    this.listeners = server.listeners('request') as Array<(...args: unknown[]) => void>;
    server.removeAllListeners('request');
    server.on('request', (req: { headers: Record<string, unknown> }, ...rest: unknown[]) => {
      const tag = req.headers[COUNT_HEADER];
      const run = () => this.listeners.forEach((listener) => listener(req, ...rest));
      if (typeof tag === 'string' && seen.has(tag)) store.run(tag, run);
      else run();
    });
  }

  /** A fresh tag to send in `COUNT_HEADER`; `queries(tag)` lists what that request sent. */
  tag(label: string): string {
    const tag = `${label}-${this.seen.size}`;
    this.seen.set(tag, []);
    this.names.set(tag, []);
    return tag;
  }

  queries(tag: string): string[] {
    return [...(this.seen.get(tag) ?? [])];
  }

  /** For each query of `queries(tag)`, the prepared statement's name (undefined for an unnamed query). */
  statementNames(tag: string): Array<string | undefined> {
    return [...(this.names.get(tag) ?? [])];
  }

  restore(): void {
    pg.Client.prototype.query = this.original;
    this.server.removeAllListeners('request');
    for (const listener of this.listeners) this.server.on('request', listener);
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function textOf(query: unknown): string {
  const frame = query instanceof FramedQuery ? query.frame : {};
  const text = typeof query === 'string' ? query : (query as { text?: unknown } | null)?.text;
  const statements = [...(frame.writes ?? []).map((write) => write.text), typeof text === 'string' ? text : '(query object)'].map(oneLine);
  return `${frame.begin === undefined ? '' : `BEGIN(${frame.begin}) + `}${statements.join(' + ')}${frame.commit ? ' + COMMIT' : ''}`;
}

function nameOf(query: unknown): string | undefined {
  const name = typeof query === 'object' && query !== null ? (query as { name?: unknown }).name : undefined;
  const own = typeof name === 'string' ? name : undefined;
  const writes = query instanceof FramedQuery ? (query.frame.writes ?? []).map((write) => write.name ?? '(unnamed)') : [];
  return writes.length === 0 ? own : [...writes, own ?? '(unnamed)'].join(' + ');
}
