import { Injectable, Logger } from '@nestjs/common';
import { sqlState } from '../../common/sql-state.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { amsterdamDate } from '../stall-rules.js';
import { ActionOverdueRepository } from './action-overdue.repository.js';

export interface ActionOverdueResult {
  tenantId: string;
  /** `action.overdue` events written in this run (new action/due-date pairs only). */
  emitted: number;
}

/**
 * The daily overdue check: tells an action's owner (professional in the inbox, organisation by webhook) and the
 * coordinator the day after the due date passed — not 14 days later through `case.stalled`. Each tenant runs in
 * its own transaction held to that tenant; `now` comes from the caller's clock.
 */
@Injectable()
export class ActionOverdueService {
  private readonly logger = new Logger(ActionOverdueService.name);

  constructor(
    private readonly repository: ActionOverdueRepository,
    private readonly tx: TransactionHost,
  ) {}

  emitForTenant(tenantId: string, now: Date): Promise<ActionOverdueResult> {
    return this.tx.runInTenant(tenantId, async () => ({ tenantId, emitted: await this.repository.emitOverdue(tenantId, amsterdamDate(now), now) }));
  }

  /** Every tenant in turn; one failing does not stop the others, but the run still fails afterwards (retried). */
  async emitForAllTenants(now: Date, stop?: AbortSignal): Promise<ActionOverdueResult[]> {
    const results: ActionOverdueResult[] = [];
    const failures: Error[] = [];
    for (const tenantId of await this.tx.runAsSystem(() => this.repository.tenantIds())) {
      // shutting down: rejects, so the job is retried at once instead of leaving the rest for the next day's run;
      // the tenants already done are harmless to redo (one notice per action and due date)
      stop?.throwIfAborted();
      try {
        results.push(await this.emitForTenant(tenantId, now));
      } catch (error) {
        // ids and the SQLSTATE only: a database error's message may quote values
        this.logger.error({ tenantId, code: sqlState(error) }, 'overdue-action check failed for a tenant');
        failures.push(Object.assign(error as Error, { tenantId }));
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `Overdue-action check failed for ${failures.length} tenant(s)`);
    return results;
  }
}
