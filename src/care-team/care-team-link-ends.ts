import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context.js';
import { createEvent } from '../events/domain-event.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import { CareTeamRepository } from './care-team.repository.js';

/**
 * A professional who moves to another organisation no longer works for the one their care-team links name: those
 * links end with the move, in its transaction, each with its `care_team.changed` (`ended`) — the coordinator hears
 * of it and the timeline shows it, as when a coordinator ends a link. The organisation's own involvement (its
 * organisation-level links, its other professionals' links) is not touched.
 */
@Injectable()
export class CareTeamLinkEnds {
  constructor(
    private readonly links: CareTeamRepository,
    private readonly outbox: OutboxRepository,
    private readonly context: RequestContext,
  ) {}

  async professionalMoved(professionalId: string, fromOrganisationId: string, at: Date): Promise<void> {
    const actorId = this.context.actor.professionalId;
    const ended = await this.links.endStandingLinksOf(professionalId, fromOrganisationId, at, 'Professional moved to another organisation');
    await this.outbox.recordAt(
      at,
      ...ended.map((link) =>
        createEvent('care_team.changed', { tenantId: link.tenantId, aggregateId: link.id, householdId: link.householdId, actorId }, { change: 'ended', organisationId: fromOrganisationId, professionalId }),
      ),
    );
  }
}
