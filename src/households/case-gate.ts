import { Injectable } from '@nestjs/common';
import type { Text } from '../common/language.js';
import { householdNotFound } from '../access/access.errors.js';
import { AccessService } from '../access/access.service.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import { CaseChange } from './case-change.js';
import { householdClosed } from './case-gate.errors.js';
import type { HouseholdEntity } from './entities/household.entity.js';
import { HouseholdsRepository } from './households.repository.js';

/** What the gate does with a closed household: refuse it with this detail, or let it through (the caller decides). */
export type ClosedPolicy = { refuseClosed: Text } | { allowClosed: true };

export type GateOptions = ClosedPolicy & {
  /**
   * Default true: `SELECT … FOR UPDATE` on the household row, so the change serialises with the household's
   * lifecycle (close, reopen, erasure) and with other changes that lock it. `'share'`: `FOR SHARE`, for additions to a
   * case that may run side by side (contact moments, assessments, snoozes) but must not land in a case being closed
   * or erased — the close waits for them, or they wait for the close and see it. false: a plain read, for writers
   * with another guard against the close (the plan's version gate and `plan.household_closed`) or none needed.
   */
  lock?: boolean | 'share';
};

/**
 * The one prelude of every change to a case: find the household in the caller's municipality (locking its row),
 * 404 HOUSEHOLD_NOT_FOUND when there is none, 409 HOUSEHOLD_CLOSED when it is closed. Who may make the change is
 * decided before the gate (access, casework-access) and, for a coordinator, confirmed under the lock; what the change
 * does, after it.
 *
 * It lives on the households floor because it knows only the household row; case features stand on it, and it
 * imports none of them (only access, the floor below, to confirm a coordinator).
 */
@Injectable()
export class CaseGate {
  constructor(
    private readonly households: HouseholdsRepository,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxRepository,
    private readonly access: AccessService,
  ) {}

  /** Inside a running transaction: the household behind the gate. */
  async open(householdId: string, options: GateOptions): Promise<HouseholdEntity> {
    const tenantId = this.context.actor.tenantId;
    const household =
      options.lock === false
        ? await this.households.findById(tenantId, householdId)
        : options.lock === 'share'
          ? await this.households.shareLockById(tenantId, householdId)
          : await this.households.lockById(tenantId, householdId);
    if (!household) throw householdNotFound(householdId);
    // with the lock held, a change of coordination has committed or waits: a former coordinator is refused now
    if (options.lock !== false) await this.access.confirmCoordinatorUnderLock(householdId);
    if ('refuseClosed' in options) refuseIfClosed(household, options.refuseClosed);
    return household;
  }

  /** One transaction: the gate, then `work` with the household it let through and the change (its events go there). */
  change<T>(householdId: string, options: GateOptions, work: (household: HouseholdEntity, change: CaseChange) => Promise<T>): Promise<T> {
    return this.tx.run(async () => {
      const household = await this.open(householdId, options);
      return work(household, new CaseChange(household, this.context.actor, this.outbox));
    });
  }

  /**
   * `change` for a caller that reads the household in a statement of its own, which also checks access and fetches
   * the data the change needs (one round trip instead of several): one transaction in which `find` reads and decides
   * who may act (its refusals come first, as they do before `change`), then the same refusal of a closed household,
   * then `work` with the same `CaseChange`. It takes no row lock (as `lock: false`): the caller's own guard (the plan's
   * version gate) serialises its writes.
   */
  changeFound<F extends { household: HouseholdEntity }, T>(policy: ClosedPolicy, find: () => Promise<F>, work: (found: F, change: CaseChange) => Promise<T>): Promise<T> {
    return this.tx.run(async () => {
      const found = await find();
      if ('refuseClosed' in policy) refuseIfClosed(found.household, policy.refuseClosed);
      return work(found, new CaseChange(found.household, this.context.actor, this.outbox));
    });
  }
}

/** For callers that must answer something else (who may act) between finding the household and its state. */
export function refuseIfClosed(household: Pick<HouseholdEntity, 'status'>, detail: Text): void {
  if (household.status === 'closed') throw householdClosed(detail);
}
