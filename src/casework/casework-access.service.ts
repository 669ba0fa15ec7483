import { Injectable } from '@nestjs/common';
import { AccessErrors } from '../access/access.errors.js';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { RequestContext } from '../common/request-context.js';
import { CaseworkAccessRepository } from './casework-access.repository.js';

/**
 * Who may record case work (contact moments, assessments) for a household: the people who actually work on
 * it — its coordinator, supervisors, and professionals on its active care team (professional-level link, or
 * organisation-level link of their organisation). Seeing a household is not enough: a coordinator who sees
 * it only because it waits for a coordinator, or an admin, gets 403. Not visible → 404 as everywhere.
 */
@Injectable()
export class CaseworkAccessService {
  constructor(
    private readonly access: AccessService,
    private readonly repository: CaseworkAccessRepository,
    private readonly context: RequestContext,
    private readonly clock: Clock,
  ) {}

  async requireCaseWorker(householdId: string, what: string): Promise<void> {
    await this.access.requireVisible(householdId);
    if (this.context.hasRole('supervisor')) return;
    const actor = this.context.actor;
    if ((await this.access.activeCoordinatorId(householdId)) === actor.professionalId) return;
    if (await this.repository.isOnActiveCareTeam(actor, householdId, this.clock.today())) return;
    throw AccessErrors.create('NOT_ALLOWED_FOR_HOUSEHOLD', `Only the household's coordinator, a supervisor or a professional on its care team may ${what}.`);
  }
}
