import { Inject, Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { DataSource, type EntityManager } from 'typeorm';
import { ACTOR_KEY, type Actor } from '../common/request-context.js';

const TX_KEY = 'transactionManager';
const SYSTEM_KEY = 'systemWork';
const BEFORE_COMMIT_KEY = 'beforeCommit';
const TENANT_KEY = 'tenantWork';

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

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return work();
    return this.cls.run({ ifNested: 'inherit' }, () =>
      this.source.transaction(async (manager) => {
        await this.applyScope(manager);
        this.cls.set(TX_KEY, manager);
        this.cls.set(BEFORE_COMMIT_KEY, []);
        try {
          const result = await work();
          // hooks may add hooks (an audit flush after a late write): run until none are left
          for (let hooks = this.takeBeforeCommit(); hooks.length > 0; hooks = this.takeBeforeCommit()) {
            for (const hook of hooks) await hook();
          }
          return result;
        } finally {
          this.cls.set(TX_KEY, undefined);
          this.cls.set(BEFORE_COMMIT_KEY, undefined);
        }
      }),
    );
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

  private takeBeforeCommit(): Array<() => Promise<void>> {
    const hooks = this.cls.get<Array<() => Promise<void>>>(BEFORE_COMMIT_KEY) ?? [];
    this.cls.set(BEFORE_COMMIT_KEY, []);
    return hooks;
  }

  private async applyScope(manager: EntityManager): Promise<void> {
    if (this.isSystem) return;
    // the connection logs in as eenplan_app (see database-logins.ts): only the tenant needs saying
    await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [this.currentTenant() ?? '']);
  }

  private currentTenant(): string | undefined {
    return this.cls.get<string | undefined>(TENANT_KEY) ?? this.cls.get<Actor | undefined>(ACTOR_KEY)?.tenantId;
  }
}
