import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { RequestContext } from '../common/request-context.js';
import { AccessErrors, householdNotFound } from './access.errors.js';
import { AccessRepository, type SqlFragment } from './access.repository.js';

/**
 * Need-to-know checks in one place. A household one may not see answers 404, exactly like one that does
 * not exist; a visible household one may not change answers 403.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly access: AccessRepository,
    private readonly context: RequestContext,
    private readonly clock: Clock,
  ) {}

  visibleHouseholds(alias: string): SqlFragment {
    return this.access.visibleHouseholds(this.context.actor, alias, this.clock.today());
  }

  async requireVisible(householdId: string): Promise<void> {
    if (!(await this.access.isVisible(this.context.actor, householdId, this.clock.today()))) throw householdNotFound(householdId);
  }

  /** Coordinator of the household or a supervisor: may change the household, its care team and plan. */
  async requireCaseManager(householdId: string, what: string): Promise<void> {
    await this.requireVisible(householdId);
    if (this.context.hasRole('supervisor')) return;
    const coordinatorId = await this.access.activeCoordinatorId(householdId);
    if (coordinatorId !== this.context.actor.professionalId) {
      throw AccessErrors.create('NOT_ALLOWED_FOR_HOUSEHOLD', `Only the household's coordinator or a supervisor may ${what}.`);
    }
  }

  async activeCoordinatorId(householdId: string): Promise<string | undefined> {
    return this.access.activeCoordinatorId(householdId);
  }
}
