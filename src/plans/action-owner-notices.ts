import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context.js';
import { createEvent } from '../events/domain-event.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import { PlansRepository } from './plans.repository.js';

/**
 * When a professional leaves (deactivated) or moves to another organisation, the unfinished actions they own in
 * person keep their owner until a coordinator reassigns them — so each coordinator concerned is told, one event per
 * household (`action.owner_left`), in the transaction of the staffing change. Before, nobody was told that an
 * action's owner had gone.
 */
@Injectable()
export class ActionOwnerNotices {
  constructor(
    private readonly plans: PlansRepository,
    private readonly outbox: OutboxRepository,
    private readonly context: RequestContext,
  ) {}

  async ownerLeft(professionalId: string, reason: 'deactivated' | 'moved'): Promise<void> {
    const actorId = this.context.actor.professionalId;
    const owned = await this.plans.unfinishedActionsOwnedBy(professionalId);
    if (owned.length === 0) return;
    await this.outbox.record(
      ...owned.map(({ tenantId, householdId, actionIds, intakeOrganisationId }) =>
        createEvent('action.owner_left', { tenantId, aggregateId: householdId, householdId, actorId }, { professionalId, actionIds, reason, ...(intakeOrganisationId && { intakeOrganisationId }) }),
      ),
    );
  }
}
