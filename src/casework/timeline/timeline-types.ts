import type { DomainEventType } from '../../events/domain-event.js';

/**
 * The household's history is its domain events (outbox_event). These are the event types the timeline
 * shows, newest first; each has its own typed `data` (history entries in the style of Vendure's
 * HistoryEntry: a type, an actor, and data typed per type).
 */
export const TIMELINE_TYPES = [
  'household.registered',
  'household.status_changed',
  'household.closed',
  'household.reopened',
  'coordinator.assigned',
  'coordinator.handed_over',
  'coordinator.handover_proposed',
  'coordinator.handover_declined',
  'coordinator.handover_withdrawn',
  'coordinator.stepped_down',
  'care_team.changed',
  'plan.created',
  'plan.updated',
  'contact.recorded',
  'assessment.recorded',
  'signal.received',
  'signal.matched',
  'signal.acknowledged',
  'escalation.opened',
  'escalation.resolved',
  'action.overdue',
] as const satisfies readonly DomainEventType[];
export type TimelineType = (typeof TIMELINE_TYPES)[number];

export interface Ref {
  id: string;
  name: string;
}

export interface ProfessionalRef {
  professionalId: string;
  name: string;
}

export interface MemberRef {
  memberId: string;
  name: string;
}

export interface RegisteredData {
  episode: number;
}

export interface StatusChangedData {
  from: string | null;
  to: string | null;
}

export interface EpisodeData {
  episode: number | null;
  /** Close reason or reopen reason of that episode. */
  reason: string | null;
}

export interface CoordinatorChangeData {
  assignmentId: string;
  coordinator: ProfessionalRef | null;
  previousCoordinator: ProfessionalRef | null;
  reason: string | null;
}

export interface CareTeamChangeData {
  linkId: string;
  change: 'added' | 'ended' | 'rescoped' | null;
  organisation: { organisationId: string; name: string } | null;
  professional: ProfessionalRef | null;
  role: string | null;
  basis: string | null;
  endReason: string | null;
}

export interface PlanRevisionData {
  planId: string;
  revision: number | null;
  changes: Array<Record<string, unknown>>;
}

export interface ContactData {
  contactId: string;
  kind: string | null;
  occurredAt: string | null;
  note: string | null;
  members: MemberRef[];
}

export interface AssessmentData {
  assessmentId: string;
  assessedOn: string | null;
  /** Null for the whole household. */
  member: MemberRef | null;
  total: number | null;
  domainCount: number | null;
}

export interface EscalationData {
  escalationId: string;
  reason: string | null;
  outcome: string | null;
  resolved: boolean | null;
}

export interface SignalData {
  signalId: string;
  /** signal.matched: the match and the signals it brought together. */
  matchId: string | null;
  signalIds: string[];
  /** The signalling organisations: who is involved, not what. */
  organisations: Array<{ organisationId: string; name: string }>;
}

export interface ActionOverdueData {
  actionId: string;
  goalId: string | null;
  /** The due date that passed (a later due date can be overdue again). */
  dueDate: string | null;
  ownerType: string | null;
}

/** `type` → its `data`. */
export interface TimelineDataByType {
  'household.registered': RegisteredData;
  'household.status_changed': StatusChangedData;
  'household.closed': EpisodeData;
  'household.reopened': EpisodeData;
  'coordinator.assigned': CoordinatorChangeData;
  'coordinator.handed_over': CoordinatorChangeData;
  'coordinator.handover_proposed': CoordinatorChangeData;
  'coordinator.handover_declined': CoordinatorChangeData;
  'coordinator.handover_withdrawn': CoordinatorChangeData;
  'coordinator.stepped_down': CoordinatorChangeData;
  'care_team.changed': CareTeamChangeData;
  'plan.created': PlanRevisionData;
  'plan.updated': PlanRevisionData;
  'contact.recorded': ContactData;
  'assessment.recorded': AssessmentData;
  'signal.received': SignalData;
  'signal.matched': SignalData;
  'signal.acknowledged': SignalData;
  'escalation.opened': EscalationData;
  'escalation.resolved': EscalationData;
  'action.overdue': ActionOverdueData;
}

export type TimelineEntry = {
  [T in TimelineType]: { id: string; at: string; type: T; actor: ProfessionalRef | null; data: TimelineDataByType[T] };
}[TimelineType];

export const isTimelineType = (value: string): value is TimelineType => (TIMELINE_TYPES as readonly string[]).includes(value);
