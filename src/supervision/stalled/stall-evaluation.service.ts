import { Injectable, Logger } from '@nestjs/common';
import { sqlState } from '../../common/sql-state.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { StallRulesService } from '../rules/stall-rules.service.js';
import { amsterdamDate } from '../stall-rules.js';
import { StallEvaluationRepository } from './stall-evaluation.repository.js';
import type { QueueScope } from './stall-evaluation.sql.js';

export interface StallEvaluationResult {
  tenantId: string;
  /** False when another evaluation of the same tenant was running; nothing was changed. */
  ran: boolean;
  evaluatedAt: Date;
  /** Open households looked at. */
  households: number;
  /** (household, rule) pairs firing now, snoozed or not. */
  firing: number;
  /** Rules that started firing / stopped firing in this run. */
  raised: number;
  cleared: number;
  /** Households that entered / left the stalled state (one case.stalled / case.unstalled each). */
  entered: number;
  left: number;
  /** Households in the review queue after the run. */
  stalledHouseholds: number;
}

/**
 * Runs the stall rules for a tenant in one transaction under a per-tenant advisory lock, so two evaluations
 * at once (two replicas, or a scheduled run and a supervisor's on-demand run) never both emit `case.stalled`.
 * `now` is passed in (Clock.now() from the caller): the scheduler and the tests decide what time it is.
 */
@Injectable()
export class StallEvaluationService {
  private readonly logger = new Logger(StallEvaluationService.name);

  constructor(
    private readonly repository: StallEvaluationRepository,
    private readonly rules: StallRulesService,
    private readonly tx: TransactionHost,
  ) {}

  evaluateTenant(tenantId: string, now: Date, actorId: string | null = null): Promise<StallEvaluationResult> {
    const today = amsterdamDate(now);
    return this.tx.runInTenant(tenantId, async () => {
      const skipped = { tenantId, ran: false, evaluatedAt: now, households: 0, firing: 0, raised: 0, cleared: 0, entered: 0, left: 0, stalledHouseholds: 0 };
      if (!(await this.repository.tryLockTenant(tenantId))) return skipped;
      const started = performance.now();
      const settings = await this.rules.effective(tenantId);
      const previous = await this.repository.lastRun(tenantId);
      const rules = await this.repository.syncRules(tenantId, today, now, settings);
      const scope: QueueScope =
        previous && rules.touched
          ? { kind: 'households', householdIds: rules.touched, snoozesChangedBetween: [amsterdamDate(previous), today] }
          : { kind: 'all' };
      const queue = await this.repository.syncQueue(tenantId, today, now, actorId, scope);
      const stalledHouseholds = await this.repository.stalledCount(tenantId);
      await this.repository.recordRun({
        tenantId,
        evaluatedAt: now,
        triggeredById: actorId,
        households: rules.households,
        firing: rules.firing,
        stalledHouseholds,
        durationMs: Math.round(performance.now() - started),
      });
      return {
        tenantId,
        ran: true,
        evaluatedAt: now,
        households: rules.households,
        firing: rules.firing,
        raised: rules.raised,
        cleared: rules.cleared,
        entered: queue.entered,
        left: queue.left,
        stalledHouseholds,
      };
    });
  }

  /**
   * Every tenant in turn, each in its own transaction. One tenant failing does not stop the others; the call
   * still rejects afterwards (AggregateError), so a scheduled job is marked failed and retried. When `stop` is
   * aborted (the process is shutting down) it rejects after the tenant in hand with the signal's AbortError: the job
   * is retried (on another replica) and evaluates every tenant again, which is safe — evaluation is idempotent.
   */
  async evaluateAllTenants(now: Date, stop?: AbortSignal): Promise<StallEvaluationResult[]> {
    const results: StallEvaluationResult[] = [];
    const failures: Error[] = [];
    for (const tenantId of await this.tx.runAsSystem(() => this.repository.tenantIds())) {
      stop?.throwIfAborted();
      try {
        results.push(await this.evaluateTenant(tenantId, now));
      } catch (error) {
        // ids and the SQLSTATE only: a database error's message may quote values
        this.logger.error({ tenantId, code: sqlState(error) }, 'stall evaluation failed for a tenant');
        failures.push(Object.assign(error as Error, { tenantId }));
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `Stall evaluation failed for ${failures.length} tenant(s)`);
    return results;
  }
}
