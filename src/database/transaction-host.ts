import { Inject, Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type pg from 'pg';
import { DataSource, QueryFailedError, type EntityManager, type QueryRunner } from 'typeorm';
import { statementValues, type PreparedStatement } from './prepared-statement.js';
import { ACTOR_KEY, type Actor } from '../common/request-context.js';
import { beginText, isTransactionFrame, type NamedStatement } from './transaction-frame.js';

// symbols: nestjs-cls reads and writes a string key as a dotted path (split and walked on every call)
const TX_KEY = Symbol('eenplan:transactionManager');
const SYSTEM_KEY = Symbol('eenplan:systemWork');
const BEFORE_COMMIT_KEY = Symbol('eenplan:beforeCommit');
const AFTER_COMMIT_KEY = Symbol('eenplan:afterCommit');
const WITH_COMMIT_KEY = Symbol('eenplan:withCommit');
const TENANT_KEY = Symbol('eenplan:tenantWork');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export { APP_ROLE, WORKER_ROLE } from './database-logins.js';
/** A second, small pool whose connections run as the worker role, for system work (see `runAsSystem`). */
export const WORKER_DATA_SOURCE = Symbol('WORKER_DATA_SOURCE');

/**
 * Services open transactions (`run`); repositories use `manager`, which is the open transaction's manager
 * when there is one. Nested `run` calls join the outer transaction, so one change is one transaction.
 *
 * Every transaction states whom it runs for, so row-level security can hold it to that: with an actor it runs
 * on the pool that logs in as `eenplan_app` with `app.tenant_id` set to the actor's tenant (transaction-local, so a pooled connection
 * never carries it into the next transaction); system work that is not a request (`runAsSystem`) runs as
 * `eenplan_worker` on a pool of its own; anything else runs as `eenplan_app` without a tenant and sees no tenant
 * data at all — code that forgets to say whom it works for fails closed.
 */
@Injectable()
export class TransactionHost {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(WORKER_DATA_SOURCE) private readonly workerDataSource: DataSource,
    private readonly cls: ClsService,
  ) {}

  get manager(): EntityManager {
    const tx = this.cls.isActive() ? this.cls.get<EntityManager | undefined>(TX_KEY) : undefined;
    return tx ?? this.source.manager;
  }

  get isSystem(): boolean {
    return this.cls.isActive() && this.cls.get(SYSTEM_KEY) === true;
  }

  private get source(): DataSource {
    return this.isSystem ? this.workerDataSource : this.dataSource;
  }

  get inTransaction(): boolean {
    return this.cls.isActive() && this.cls.get(TX_KEY) !== undefined;
  }

  /**
   * One transaction around `work`, in as few round trips as the work allows: `START TRANSACTION` and the tenant
   * setting travel with the first statement, and the statement handed to `withCommit` last travels with `COMMIT`
   * (see transaction-frame.ts).
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return work();
    return this.cls.run({ ifNested: 'inherit' }, async () => {
      const afterCommit: Array<() => Promise<void>> = [];
      const withCommit: NamedStatement[] = [];
      const runner = this.source.createQueryRunner();
      let result: T;
      try {
        await this.begin(runner);
        this.cls.set(TX_KEY, runner.manager);
        this.cls.set(BEFORE_COMMIT_KEY, []);
        this.cls.set(AFTER_COMMIT_KEY, afterCommit);
        this.cls.set(WITH_COMMIT_KEY, withCommit);
        try {
          result = await work();
          // hooks may add hooks (an audit flush after a late write): run until none are left
          for (let hooks = this.takeBeforeCommit(); hooks.length > 0; hooks = this.takeBeforeCommit()) {
            for (const hook of hooks) await hook();
          }
        } finally {
          this.cls.set(TX_KEY, undefined);
          this.cls.set(BEFORE_COMMIT_KEY, undefined);
          this.cls.set(AFTER_COMMIT_KEY, undefined);
          this.cls.set(WITH_COMMIT_KEY, undefined);
        }
        await this.commit(runner, withCommit);
      } catch (error) {
        // the original error matters, not a failed rollback (a dropped connection says so on its own)
        await this.rollback(runner).catch(() => undefined);
        throw error;
      } finally {
        // a connection goes back to the pool holding no begin and no write, whatever happened
        forgetHeld(runner);
        await runner.release();
      }
      for (const hook of afterCommit) await hook();
      return result;
    });
  }

  /**
   * Sends `statement` in the same message as the transaction's `COMMIT`, after every `beforeCommit` hook: the last
   * write of a transaction (the audit events) costs no round trip of its own, and is parsed and planned once per
   * connection (see transaction-frame.ts). If it fails, nothing commits. Outside a transaction it is an error.
   */
  withCommit(statement: NamedStatement): void {
    const statements = this.cls.isActive() ? this.cls.get<NamedStatement[] | undefined>(WITH_COMMIT_KEY) : undefined;
    if (!statements) throw new Error('withCommit outside a transaction');
    statements.push(statement);
  }

  /**
   * A write of the open transaction whose answer the work does not read — a change whose version gate raises rather
   * than answering (e.g. `eenplan_plan_version_conflict`): it travels in the message of the transaction's next
   * statement, or with `COMMIT` and the audit events (see transaction-frame.ts), so it costs no round trip of its
   * own. Whatever the transaction sends later runs after it and sees it. Its error is the error of the statement it
   * travelled with, and nothing commits. On a connection that cannot hold it, it is sent at once.
   */
  async deferWrite(statement: NamedStatement): Promise<void> {
    const runner = this.inTransaction ? this.manager.queryRunner : undefined;
    if (!runner || runner.isReleased) throw new Error('deferWrite outside a transaction');
    const client = clientOf(runner);
    if (isTransactionFrame(client)) client.holdWrite(statement);
    else await runner.query(statement.text, statement.values);
  }

  /**
   * Runs a named prepared statement (see prepared-statement.ts) on the open transaction's connection, or on a
   * connection of its own outside one: node-postgres sends Parse only the first time on each connection. TypeORM's
   * `query` takes text only, so this talks to the connection's node-postgres client; errors still arrive as
   * TypeORM's `QueryFailedError`, as from any other query.
   */
  prepared<T extends object>(statement: PreparedStatement, params: Record<string, unknown>): Promise<T[]> {
    return this.preparedText<T>(statement.name, statement.text, statementValues(statement, params));
  }

  /** `prepared` for text with positional parameters (`$1`, …), named by the caller (see `PreparedTexts`). */
  async preparedText<T extends object>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const open = this.manager.queryRunner;
    const runner = open && !open.isReleased ? open : this.source.createQueryRunner();
    try {
      const client = (await runner.connect()) as pg.ClientBase;
      const result = await client.query<T>({ name, text, values }).catch((error: unknown) => {
        throw error instanceof Error ? new QueryFailedError(text, values, error) : error;
      });
      return result.rows;
    } finally {
      if (runner !== open) await runner.release();
    }
  }

  /**
   * Work on behalf of no one in particular (queue jobs, relay, scheduled evaluation, token lookups): its queries
   * and transactions use the worker pool, which row-level security lets see every tenant. It opens no
   * transaction itself. Never use it inside a request to widen what the caller may see.
   */
  async runAsSystem<T>(work: () => Promise<T>): Promise<T> {
    if (this.isSystem) return work();
    if (this.inTransaction) throw new Error('runAsSystem inside a tenant transaction: system work needs its own transaction');
    return this.cls.run({ ifNested: 'override' }, () => {
      this.cls.set(SYSTEM_KEY, true);
      return work();
    });
  }

  /**
   * System work for one tenant (scheduled evaluation of a municipality): a transaction as the request role,
   * held to that tenant by row-level security. Inside a transaction of the same tenant it simply joins.
   */
  async runInTenant<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) {
      if (!this.isSystem && this.currentTenant() === tenantId) return work();
      throw new Error('runInTenant inside a transaction of another scope');
    }
    return this.cls.run({ ifNested: 'override' }, () => {
      this.cls.set(TENANT_KEY, tenantId);
      return this.run(work);
    });
  }

  /** Runs `hook` inside the current transaction just before it commits (after the work succeeded). */
  beforeCommit(hook: () => Promise<void>): void {
    const hooks = this.cls.isActive() ? this.cls.get<Array<() => Promise<void>> | undefined>(BEFORE_COMMIT_KEY) : undefined;
    if (!hooks) throw new Error('beforeCommit outside a transaction');
    hooks.push(hook);
  }

  /**
   * Runs `hook` once the current transaction has committed (never if it rolls back): for work another process picks
   * up and must find committed, e.g. a queue job about a row this transaction changed.
   */
  afterCommit(hook: () => Promise<void>): void {
    const hooks = this.cls.isActive() ? this.cls.get<Array<() => Promise<void>> | undefined>(AFTER_COMMIT_KEY) : undefined;
    if (!hooks) throw new Error('afterCommit outside a transaction');
    hooks.push(hook);
  }

  private takeBeforeCommit(): Array<() => Promise<void>> {
    const hooks = this.cls.get<Array<() => Promise<void>>>(BEFORE_COMMIT_KEY) ?? [];
    this.cls.set(BEFORE_COMMIT_KEY, []);
    return hooks;
  }

  /**
   * `START TRANSACTION` and, for tenant work, the tenant setting (the connection logs in as eenplan_app, see
   * database-logins.ts: only the tenant needs saying): held by the pool's client for the first statement, or on
   * another client sent at once as one simple-protocol message. The tenant id is an id from the database, checked to
   * be a UUID before it is sent (as a literal in that message).
   */
  private async begin(runner: QueryRunner): Promise<void> {
    if (this.isSystem) {
      await runner.startTransaction();
      return;
    }
    const tenant = this.currentTenant() ?? '';
    if (tenant !== '' && !UUID.test(tenant)) throw new Error('the tenant id is not a UUID');
    const client: unknown = await runner.connect();
    markTransaction(runner, true);
    if (isTransactionFrame(client)) {
      client.holdBegin(tenant);
      return;
    }
    try {
      await runner.query(beginText(tenant));
    } catch (error) {
      // the transaction may or may not have begun: rolling back is harmless either way
      await runner.query('ROLLBACK').catch(() => undefined);
      markTransaction(runner, false);
      throw error;
    }
  }

  /**
   * The writes still held and the statements handed to `withCommit` travel with `COMMIT` (and a held begin) in one
   * message. With none of them, a begin still held (no statement sent since, see transaction-frame.ts) never reached
   * the server: there is nothing to commit.
   */
  private async commit(runner: QueryRunner, withCommit: NamedStatement[]): Promise<void> {
    const client = clientOf(runner);
    if (isTransactionFrame(client)) {
      const sent = await client.commitWith(withCommit).catch((error: unknown) => {
        // the statement that failed is named by the error's own code and constraint; no values (they may be personal)
        throw error instanceof Error ? new QueryFailedError('COMMIT with the transaction\'s last writes', [], error) : error;
      });
      if (!sent && client.takeHeldBegin() === undefined) await runner.commitTransaction();
    } else {
      for (const statement of withCommit) await runner.query(statement.text, statement.values);
      await runner.commitTransaction();
    }
    markTransaction(runner, false);
  }

  /** Rolls back what reached the server; a begin and writes still held are simply forgotten. */
  private async rollback(runner: QueryRunner): Promise<void> {
    if (forgetHeld(runner)) markTransaction(runner, false);
    else if (runner.isTransactionActive) await runner.rollbackTransaction();
  }

  private currentTenant(): string | undefined {
    return this.cls.get<string | undefined>(TENANT_KEY) ?? this.cls.get<Actor | undefined>(ACTOR_KEY)?.tenantId;
  }
}

/** The node-postgres client of a connected runner (TypeORM keeps it to itself). */
function clientOf(runner: QueryRunner): unknown {
  return (runner as unknown as { databaseConnection?: unknown }).databaseConnection;
}

/**
 * Forgets what the runner's connection still holds (see transaction-frame.ts): true if that was a begin, so nothing
 * of the transaction reached the server.
 */
function forgetHeld(runner: QueryRunner): boolean {
  const client = clientOf(runner);
  if (!isTransactionFrame(client)) return false;
  client.takeHeldWrites();
  return client.takeHeldBegin() !== undefined;
}

/**
 * TypeORM's own bookkeeping of a transaction it did not send `START TRANSACTION`/`COMMIT` for itself (they travel
 * with other statements): active, at depth 1, so a nested `manager.transaction` still uses savepoints and
 * `rollbackTransaction` still rolls back.
 */
function markTransaction(runner: QueryRunner, active: boolean): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = active;
  state.transactionDepth = active ? 1 : 0;
}
