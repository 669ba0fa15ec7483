import type { AssessmentSource, CareTeamLinkSource, ContactSource, EpisodeSource, EscalationSource, TimelineEventRow } from './timeline.repository.js';
import type { EscalationData, PlanRevisionData, ProfessionalRef, SignalData, TimelineEntry } from './timeline-types.js';

/** The rows the events of one page refer to, loaded in one query per source. */
export interface TimelineSources {
  contacts: Map<string, ContactSource>;
  assessments: Map<string, AssessmentSource>;
  escalations: Map<string, EscalationSource>;
  planRevisions: Map<string, Array<Record<string, unknown>>>;
  assignmentReasons: Map<string, string>;
  careTeamLinks: Map<string, CareTeamLinkSource>;
  episodes: Map<number, EpisodeSource>;
  professionalNames: Map<string, string>;
  organisationNames: Map<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid from an event payload, or null (payloads are ids only, but never trusted blindly). */
export function payloadId(payload: Record<string, unknown>, key: string): string | null {
  const value = payload[key];
  return typeof value === 'string' && UUID.test(value) ? value : null;
}

export function payloadInt(payload: Record<string, unknown>, key: string): number | null {
  const value = payload[key];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

function payloadText(payload: Record<string, unknown>, key: string): string | null {
  const value = payload[key];
  return typeof value === 'string' ? value : null;
}

function payloadIds(payload: Record<string, unknown>, key: string): string[] {
  const value = payload[key];
  return Array.isArray(value) ? (value as unknown[]).filter((v): v is string => typeof v === 'string' && UUID.test(v)) : [];
}

/** The organisations a signal event names: `organisationId` and/or `organisationIds`. */
export function signalOrganisationIds(payload: Record<string, unknown>): string[] {
  const one = payloadId(payload, 'organisationId');
  return [...new Set([...(one ? [one] : []), ...payloadIds(payload, 'organisationIds')])];
}

export function mapTimelineEntry(event: TimelineEventRow, sources: TimelineSources): TimelineEntry {
  const base = {
    id: event.id,
    at: event.occurredAt.toISOString(),
    actor: event.actorId === null ? null : { professionalId: event.actorId, name: event.actorName ?? '' },
  };
  const p = event.payload;
  const professional = (id: string | null): ProfessionalRef | null => (id === null ? null : { professionalId: id, name: sources.professionalNames.get(id) ?? '' });
  const plan = (): PlanRevisionData => {
    const revision = payloadInt(p, 'version');
    return { planId: event.aggregateId, revision, changes: revision === null ? [] : (sources.planRevisions.get(`${event.aggregateId}:${revision}`) ?? []) };
  };
  // The opening entry shows the reason; the resolving entry also the outcome. `resolved` is the current state.
  const escalation = (withOutcome: boolean): EscalationData => {
    const e = sources.escalations.get(event.aggregateId);
    return { escalationId: event.aggregateId, reason: e?.reason ?? null, outcome: withOutcome ? (e?.outcome ?? null) : null, resolved: e?.resolved ?? null };
  };
  const signal = (): SignalData => ({
    signalId: payloadId(p, 'signalId') ?? event.aggregateId,
    matchId: payloadId(p, 'matchId'),
    signalIds: payloadIds(p, 'signalIds'),
    organisations: signalOrganisationIds(p).map((organisationId) => ({ organisationId, name: sources.organisationNames.get(organisationId) ?? '' })),
  });
  const episode = (reason: 'closeReason' | 'reopenReason') => {
    const number = payloadInt(p, 'episode');
    return { episode: number, reason: (number === null ? undefined : sources.episodes.get(number)?.[reason]) ?? null };
  };

  switch (event.type) {
    case 'household.registered':
      return { ...base, type: event.type, data: { episode: payloadInt(p, 'episode') ?? 1 } };
    case 'household.status_changed':
      return { ...base, type: event.type, data: { from: payloadText(p, 'from'), to: payloadText(p, 'to') } };
    case 'household.closed':
      return { ...base, type: event.type, data: episode('closeReason') };
    case 'household.reopened':
      return { ...base, type: event.type, data: episode('reopenReason') };
    case 'coordinator.assigned':
    case 'coordinator.handed_over':
    case 'coordinator.handover_proposed':
    case 'coordinator.handover_declined':
    case 'coordinator.stepped_down':
      return {
        ...base,
        type: event.type,
        data: {
          assignmentId: event.aggregateId,
          coordinator: professional(payloadId(p, 'coordinatorId')),
          previousCoordinator: professional(payloadId(p, 'previousCoordinatorId')),
          reason: sources.assignmentReasons.get(event.aggregateId) ?? null,
        },
      };
    case 'care_team.changed': {
      const link = sources.careTeamLinks.get(event.aggregateId);
      const change = payloadText(p, 'change');
      return {
        ...base,
        type: event.type,
        data: {
          linkId: event.aggregateId,
          change: change === 'added' || change === 'ended' ? change : null,
          organisation: link ? { organisationId: link.organisationId, name: link.organisationName } : null,
          professional: link?.professionalId ? { professionalId: link.professionalId, name: link.professionalName ?? '' } : null,
          role: link?.role ?? null,
          basis: link?.basis ?? null,
          endReason: change === 'ended' ? (link?.endReason ?? null) : null,
        },
      };
    }
    case 'plan.created':
    case 'plan.updated':
      return { ...base, type: event.type, data: plan() };
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
      return {
        ...base,
        type: event.type,
        data: {
          assessmentId: event.aggregateId,
          assessedOn: a?.assessedOn ?? null,
          member: a?.memberId ? { memberId: a.memberId, name: a.memberName ?? '' } : null,
          total: a?.total ?? null,
          domainCount: a?.domainCount ?? null,
        },
      };
    }
    case 'signal.received':
    case 'signal.matched':
    case 'signal.acknowledged':
      return { ...base, type: event.type, data: signal() };
    case 'escalation.opened':
      return { ...base, type: event.type, data: escalation(false) };
    case 'escalation.resolved':
      return { ...base, type: event.type, data: escalation(true) };
    case 'action.overdue':
      return {
        ...base,
        type: event.type,
        data: { actionId: event.aggregateId, goalId: payloadId(p, 'goalId'), dueDate: payloadText(p, 'dueDate'), ownerType: payloadText(p, 'ownerType') },
      };
  }
}
