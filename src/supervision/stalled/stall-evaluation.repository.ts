import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { OutboxWakeUp } from '../../events/outbox-wake-up.js';
import { StallEvaluationRunEntity } from '../entities/stall-evaluation-run.entity.js';
import type { RuleSetting } from '../stall-rules.js';
import { buildEvaluationSql, buildQueueSyncSql, type EvaluationOptions, type QueueScope } from './stall-evaluation.sql.js';

export interface RuleSyncCounts {
  households: number;
  firing: number;
  changed: number;
  raised: number;
  cleared: number;
  /** Households whose rows changed, or null when there were too many to sync one by one. */
  touched: string[] | null;
}

export interface EvaluationRun {
  tenantId: string;
  evaluatedAt: Date;
  triggeredById: string | null;
  households: number;
  firing: number;
  stalledHouseholds: number;
  durationMs: number;
}

export interface QueueSyncCounts {
  entered: number;
  changed: number;
  left: number;
}

@Injectable()
export class StallEvaluationRepository {
  constructor(
    private readonly tx: TransactionHost,
    private readonly wakeUp: OutboxWakeUp,
  ) {}

  /** Per-tenant transaction-scoped advisory lock; false when another evaluation of the tenant holds it. */
  async tryLockTenant(tenantId: string): Promise<boolean> {
    const [row] = await this.tx.manager.query<Array<{ locked: boolean }>>(
      `SELECT pg_try_advisory_xact_lock(hashtextextended('eenplan:stall-evaluation:' || $1, 0)) AS locked`,
      [tenantId],
    );
    return row!.locked;
  }

  /** Waits for the tenant's evaluation lock (snoozes: short, must not interleave with an evaluation). */
  async lockTenant(tenantId: string): Promise<void> {
    await this.tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('eenplan:stall-evaluation:' || $1, 0))`, [tenantId]);
  }

  /**
   * JIT is switched off for the rest of the transaction: row estimates through the CTEs are far too high, which
   * makes PostgreSQL spend longer compiling the statement than running it.
   */
  async syncRules(tenantId: string, today: string, now: Date, settings: RuleSetting[]): Promise<RuleSyncCounts> {
    await this.tx.manager.query('SET LOCAL jit = off');
    const { sql, params } = buildEvaluationSql(tenantId, today, now, settings, { contactLookup: await this.contactLookup() });
    const [row] = await this.tx.manager.query<RuleSyncCounts[]>(sql, params);
    return row!;
  }

  /**
   * Hash-aggregating the contacts is cheaper than one index probe per household while there are at most about
   * ten contacts per household; beyond that (years of history) the probes win. Decided from the planner's row
   * counts (pg_class.reltuples, kept by autovacuum); unknown counts (-1, never analysed) mean a small table.
   */
  private async contactLookup(): Promise<EvaluationOptions['contactLookup']> {
    const [row] = await this.tx.manager.query<Array<{ contacts: number; households: number }>>(
      `SELECT (SELECT reltuples FROM pg_class WHERE oid = 'contact'::regclass)::float8 AS contacts,
              (SELECT reltuples FROM pg_class WHERE oid = 'household'::regclass)::float8 AS households`,
    );
    return row!.contacts > 10 * Math.max(row!.households, 1000) ? 'probe' : 'aggregate';
  }

  async syncQueue(tenantId: string, today: string, now: Date, actorId: string | null, scope: QueueScope): Promise<QueueSyncCounts> {
    const { sql, params } = buildQueueSyncSql(tenantId, today, now, actorId, scope);
    const [row] = await this.tx.manager.query<QueueSyncCounts[]>(sql, params);
    // it wrote the events of the signals it raised and cleared
    this.wakeUp.afterCommit();
    return row!;
  }

  async stalledCount(tenantId: string): Promise<number> {
    const [row] = await this.tx.manager.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM stalled_household WHERE tenant_id = $1', [tenantId]);
    return row!.n;
  }

  /** The tenant's latest run; the earliest run's moment stays (where the stall history begins). */
  async recordRun(run: EvaluationRun): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO stall_evaluation_run (tenant_id, evaluated_at, first_evaluated_at, triggered_by_id, households, firing, stalled_households, duration_ms)
       VALUES ($1, $2, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant_id) DO UPDATE SET evaluated_at = EXCLUDED.evaluated_at,
         first_evaluated_at = LEAST(stall_evaluation_run.first_evaluated_at, EXCLUDED.evaluated_at), triggered_by_id = EXCLUDED.triggered_by_id, households = EXCLUDED.households,
         firing = EXCLUDED.firing, stalled_households = EXCLUDED.stalled_households, duration_ms = EXCLUDED.duration_ms`,
      [run.tenantId, run.evaluatedAt, run.triggeredById, run.households, run.firing, run.stalledHouseholds, run.durationMs],
    );
  }

  async lastRun(tenantId: string): Promise<Date | undefined> {
    return (await this.tx.manager.getRepository(StallEvaluationRunEntity).findOneBy({ tenantId }))?.evaluatedAt;
  }

  async tenantIds(): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ id: string }>>('SELECT id FROM tenant ORDER BY id');
    return rows.map((r) => r.id);
  }
}
