import { HOUSEHOLD_NOTE, scopeCovers, type ReaderScope } from '../../access/reader-scope.js';
import type { AssessmentSource, AssignmentSource, CareTeamLinkSource, ContactSource, EpisodeSource, EscalationSource, HandoverSource, TimelineEventRow } from './timeline.repository.js';
import type { EscalationData, PlanRevisionData, ProfessionalRef, TimelineEntry } from './timeline-types.js';

/** The rows the events of one page refer to, loaded in one query per source. */
export interface TimelineSources {
  contacts: Map<string, ContactSource>;
  assessments: Map<string, AssessmentSource>;
  escalations: Map<string, EscalationSource>;
  planRevisions: Map<string, Array<Record<string, unknown>>>;
  /** Coordinator assignments, by id: of assignments and hand-overs (the one that started) and step-downs (the one that ended). */
  assignments: Map<string, AssignmentSource>;
  /** Proposed hand-overs, by id: of proposals and declines. */
  handovers: Map<string, HandoverSource>;
  careTeamLinks: Map<string, CareTeamLinkSource>;
  episodes: Map<number, EpisodeSource>;
  professionalNames: Map<string, string>;
  organisationNames: Map<string, string>;
}

/** The organisations a signal event names: the signalling one, or every one a match brought together. */
export function signalOrganisationIds(event: TimelineEventRow): string[] {
  switch (event.type) {
    case 'signal.received':
    case 'signal.acknowledged':
      return [event.payload.organisationId];
    case 'signal.matched':
      return [...new Set(event.payload.organisationIds)];
    default:
      return [];
  }
}

/** The coordinators a coordination event names (a declined proposal or a step-down names only the previous one). */
export function coordinatorsOf(event: TimelineEventRow): { coordinatorId: string | null; previousCoordinatorId: string | null } | null {
  switch (event.type) {
    case 'coordinator.assigned':
    case 'coordinator.handed_over':
    case 'coordinator.handover_proposed':
    case 'coordinator.handover_withdrawn':
      return { coordinatorId: event.payload.coordinatorId, previousCoordinatorId: event.payload.previousCoordinatorId };
    case 'coordinator.handover_declined':
    case 'coordinator.stepped_down':
      return { coordinatorId: null, previousCoordinatorId: event.payload.previousCoordinatorId };
    default:
      return null;
  }
}

type CoordinationEventRow = Extract<TimelineEventRow, { type: `coordinator.${string}` }>;

/**
 * Why a coordination change happened, each entry its own reason: an assignment or hand-over the reason its new
 * assignment started with; a proposal why it was proposed; a decline why it was declined; a step-down (also the
 * vacancy a deactivation leaves) why the assignment ended. These are coordination's own and reach everyone involved
 * (purpose limitation: coordination concerns the case as a whole). An assignment that ended because the household
 * closed ended with the close reason, a household note — no step-down ends so, but if one did, the note stays one.
 */
export function coordinationReason(event: CoordinationEventRow, sources: TimelineSources, householdNote: (text: string | null | undefined) => string | null): string | null {
  switch (event.type) {
    case 'coordinator.assigned':
    case 'coordinator.handed_over':
      return sources.assignments.get(event.aggregateId)?.reason ?? null;
    case 'coordinator.handover_proposed':
      return sources.handovers.get(event.aggregateId)?.reason ?? null;
    case 'coordinator.handover_declined':
      return sources.handovers.get(event.aggregateId)?.declineReason ?? null;
    case 'coordinator.handover_withdrawn':
      return null;
    case 'coordinator.stepped_down': {
      const ended = sources.assignments.get(event.aggregateId);
      return ended?.endKind === 'closed' ? householdNote(ended.endReason) : (ended?.endReason ?? null);
    }
  }
}

/**
 * An entry as its reader sees it (purpose limitation; which entries a reader gets at all is decided in SQL): free
 * text about the whole household (close and reopen reasons, why a care-team link ended) only for readers of its case
 * notes, and an assessment's total over the scores of domains the reader covers — a total over all of them would
 * tell the hidden scores.
 */
export function mapTimelineEntry(event: TimelineEventRow, sources: TimelineSources, scope: ReaderScope): TimelineEntry {
  const householdNote = (text: string | null | undefined): string | null => (text !== null && text !== undefined && scopeCovers(scope, HOUSEHOLD_NOTE) ? text : null);
  const base = {
    id: event.id,
    at: event.occurredAt.toISOString(),
    actor: event.actorId === null ? null : { professionalId: event.actorId, name: event.actorName ?? '' },
  };
  const professional = (id: string | null): ProfessionalRef | null => (id === null ? null : { professionalId: id, name: sources.professionalNames.get(id) ?? '' });
  const plan = (revision: number): PlanRevisionData => ({ planId: event.aggregateId, revision, changes: sources.planRevisions.get(`${event.aggregateId}:${revision}`) ?? [] });
  // The opening entry shows the reason; the resolving entry also the outcome. `resolved` is the current state.
  const escalation = (withOutcome: boolean): EscalationData => {
    const e = sources.escalations.get(event.aggregateId);
    return { escalationId: event.aggregateId, reason: e?.reason ?? null, outcome: withOutcome ? (e?.outcome ?? null) : null, resolved: e?.resolved ?? null };
  };
  const organisations = () => signalOrganisationIds(event).map((organisationId) => ({ organisationId, name: sources.organisationNames.get(organisationId) ?? '' }));
  const episode = (number: number, reason: 'closeReason' | 'reopenReason') => ({ episode: number, reason: householdNote(sources.episodes.get(number)?.[reason]) });

  switch (event.type) {
    case 'household.registered':
      return { ...base, type: event.type, data: { episode: 1 } };
    case 'household.status_changed':
      return { ...base, type: event.type, data: { from: event.payload.from, to: event.payload.to } };
    case 'household.closed':
      return { ...base, type: event.type, data: episode(event.payload.episode, 'closeReason') };
    case 'household.reopened':
      return { ...base, type: event.type, data: episode(event.payload.episode, 'reopenReason') };
    case 'coordinator.assigned':
    case 'coordinator.handed_over':
    case 'coordinator.handover_proposed':
    case 'coordinator.handover_declined':
    case 'coordinator.handover_withdrawn':
    case 'coordinator.stepped_down': {
      const named = coordinatorsOf(event);
      return {
        ...base,
        type: event.type,
        data: {
          assignmentId: event.aggregateId,
          coordinator: professional(named?.coordinatorId ?? null),
          previousCoordinator: professional(named?.previousCoordinatorId ?? null),
          reason: coordinationReason(event, sources, householdNote),
        },
      };
    }
    case 'care_team.changed': {
      const link = sources.careTeamLinks.get(event.aggregateId);
      const change = event.payload.change;
      return {
        ...base,
        type: event.type,
        data: {
          linkId: event.aggregateId,
          change,
          organisation: link ? { organisationId: link.organisationId, name: link.organisationName } : null,
          professional: link?.professionalId ? { professionalId: link.professionalId, name: link.professionalName ?? '' } : null,
          role: link?.role ?? null,
          basis: link?.basis ?? null,
          endReason: change === 'ended' ? householdNote(link?.endReason) : null,
        },
      };
    }
    case 'plan.created':
    case 'plan.updated':
      return { ...base, type: event.type, data: plan(event.payload.version) };
    case 'contact.recorded': {
      const c = sources.contacts.get(event.aggregateId);
      return {
        ...base,
        type: event.type,
        data: { contactId: event.aggregateId, kind: c?.kind ?? null, occurredAt: c?.occurredAt.toISOString() ?? null, note: c?.note ?? null, members: c?.members ?? [] },
      };
    }
    case 'assessment.recorded': {
      const a = sources.assessments.get(event.aggregateId);
      const memberIds = a?.memberId ? [a.memberId] : [];
      const scores = a?.scores.filter((s) => scopeCovers(scope, { domains: [s.domainCode], memberIds }));
      return {
        ...base,
        type: event.type,
        data: {
          assessmentId: event.aggregateId,
          assessedOn: a?.assessedOn ?? null,
          member: a?.memberId ? { memberId: a.memberId, name: a.memberName ?? '' } : null,
          total: scores ? scores.reduce((sum, s) => sum + s.score, 0) : null,
          domainCount: scores?.length ?? null,
        },
      };
    }
    case 'signal.received':
    case 'signal.acknowledged':
      return { ...base, type: event.type, data: { signalId: event.payload.signalId, matchId: null, signalIds: [], organisations: organisations() } };
    case 'signal.matched':
      return { ...base, type: event.type, data: { signalId: event.aggregateId, matchId: event.payload.matchId, signalIds: event.payload.signalIds, organisations: organisations() } };
    case 'escalation.opened':
      return { ...base, type: event.type, data: escalation(false) };
    case 'escalation.resolved':
      return { ...base, type: event.type, data: escalation(true) };
    case 'action.overdue':
      return {
        ...base,
        type: event.type,
        data: { actionId: event.aggregateId, goalId: event.payload.goalId, dueDate: event.payload.dueDate, ownerType: event.payload.ownerType },
      };
  }
}
