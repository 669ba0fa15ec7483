import { instantKey } from '../../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../../access/access.service.js';
import { eventCaseItem } from '../../access/event-case-item.sql.js';
import { decodeCursor, pageLimit, toPage, type Page } from '../../common/pagination.js';
import { RequestContext } from '../../common/request-context.js';
import type { TimelineEntryDto, TimelineQueryDto } from './dto/timeline.dto.js';
import { coordinatorsOf, mapTimelineEntry, signalOrganisationIds, type TimelineSources } from './timeline.mapper.js';
import { TimelineRepository, type TimelineEventRow } from './timeline.repository.js';
import { TIMELINE_TYPES, type TimelineType } from './timeline-types.js';

/**
 * The household's history, newest first: its domain events from the outbox, each enriched from the rows it
 * refers to (contact note, plan changes, names). Only for those who may see the household.
 */
@Injectable()
export class TimelineService {
  constructor(
    private readonly timeline: TimelineRepository,
    private readonly access: AccessService,
    private readonly context: RequestContext,
  ) {}

  async list(householdId: string, query: TimelineQueryDto): Promise<Page<TimelineEntryDto>> {
    const reader = await this.access.readerScope(householdId);
    const tenantId = this.context.actor.tenantId;
    // purpose limitation: a narrowed reader's timeline leaves out entries of domains, members or contact notes it does not cover
    const scope = (param: (value: unknown) => string) =>
      this.access.scopeCondition(householdId, 'e.household_id', eventCaseItem('e'), param);
    const limit = pageLimit(query);
    const before = decodeCursor(query.cursor, ['timestamp', 'bigint']) as [string, number] | undefined;
    const types: readonly TimelineType[] = query.types?.length ? [...new Set(query.types)] : TIMELINE_TYPES;
    const events = await this.timeline.eventsPage(tenantId, householdId, types, limit, before, scope);
    const sources = await this.loadSources(tenantId, householdId, events.slice(0, limit));
    return toPage(events, limit, (e) => [instantKey(e.occurredAt), Number(e.id)], (e) => mapTimelineEntry(e, sources, reader) as TimelineEntryDto);
  }

  /** One query per source the page refers to (sequential: inside a transaction queries share a connection). */
  private async loadSources(tenantId: string, householdId: string, events: TimelineEventRow[]): Promise<TimelineSources> {
    const ids = (...types: TimelineType[]) => unique(events.filter((e) => types.includes(e.type)).map((e) => e.aggregateId));
    const planKeys = events.flatMap((e) => (e.type === 'plan.created' || e.type === 'plan.updated' ? [{ planId: e.aggregateId, number: e.payload.version }] : []));
    const professionalIds = unique(events.flatMap((e) => Object.values(coordinatorsOf(e) ?? {})));
    const episodeNumbers = unique(events.map((e) => (e.type === 'household.closed' || e.type === 'household.reopened' ? e.payload.episode : null)));
    const organisationIds = unique(events.flatMap((e) => signalOrganisationIds(e)));

    return {
      contacts: await this.timeline.contacts(tenantId, ids('contact.recorded')),
      assessments: await this.timeline.assessments(tenantId, ids('assessment.recorded')),
      escalations: await this.timeline.escalations(tenantId, ids('escalation.opened', 'escalation.resolved')),
      planRevisions: await this.timeline.planRevisions(tenantId, planKeys),
      // each coordination entry its own reason: the assignment it started or ended, or the hand-over it proposed or declined
      assignments: await this.timeline.assignments(tenantId, ids('coordinator.assigned', 'coordinator.handed_over', 'coordinator.stepped_down')),
      handovers: await this.timeline.handovers(tenantId, ids('coordinator.handover_proposed', 'coordinator.handover_declined')),
      careTeamLinks: await this.timeline.careTeamLinks(tenantId, ids('care_team.changed')),
      episodes: await this.timeline.episodes(tenantId, householdId, episodeNumbers),
      professionalNames: await this.timeline.professionalNames(tenantId, professionalIds),
      organisationNames: await this.timeline.organisationNames(tenantId, organisationIds),
    };
  }
}

function unique<T>(values: Array<T | null>): T[] {
  return [...new Set(values.filter((v): v is T => v !== null))];
}
