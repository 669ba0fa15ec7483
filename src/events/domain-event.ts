/** Domain event types written to the outbox. Payloads carry ids only — never personal data. */
export const DOMAIN_EVENT_TYPES = [
  'household.registered',
  'household.updated',
  'household.status_changed',
  'household.closed',
  'household.reopened',
  'member.added',
  'member.updated',
  'member.removed',
  'coordinator.assigned',
  'coordinator.handed_over',
  'coordinator.handover_proposed',
  'coordinator.handover_declined',
  'coordinator.stepped_down',
  'care_team.changed',
  'plan.created',
  'plan.updated',
  'action.assigned',
  'action.completed',
  'action.overdue',
  'consent.withdrawn',
  'contact.recorded',
  'assessment.recorded',
  'signal.received',
  'signal.matched',
  'signal.acknowledged',
  'case.stalled',
  'case.unstalled',
  'escalation.opened',
  'escalation.resolved',
  'caseload.handed_over',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

export interface DomainEvent {
  type: DomainEventType;
  tenantId: string;
  aggregateType: 'household' | 'plan' | 'care_team_link' | 'coordinator_assignment' | 'member' | 'action' | 'contact' | 'assessment' | 'signal' | 'stall' | 'escalation' | 'caseload';
  aggregateId: string;
  householdId?: string;
  actorId?: string;
  /** Ids and codes only. */
  payload?: Record<string, string | number | boolean | null | string[]>;
}
