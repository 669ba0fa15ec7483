/**
 * Which kinds of people hear about which event type. Pure data, so the rules are reviewable in one place;
 * `RecipientResolver` turns them into ids as of the event's moment. The actor never notifies themselves.
 */
export type Audience =
  | 'coordinator' // the household's coordinator(s) at the event
  | 'careTeam' // professionals linked in person at the event
  | 'supervisors'
  | 'payloadProfessionals' // ids named in the payload (new coordinator, action owner, linked professional)
  | 'intakeCoordinators'; // coordinators of the intake team, for a match without coordinator

export const INBOX_RULES: Partial<Record<string, Audience[]>> = {
  'coordinator.assigned': ['payloadProfessionals', 'careTeam'],
  'coordinator.handed_over': ['payloadProfessionals', 'careTeam'],
  // the proposed coordinator (coordinatorId) and the current one (previousCoordinatorId)
  'coordinator.handover_proposed': ['payloadProfessionals'],
  'coordinator.handover_declined': ['payloadProfessionals', 'supervisors'],
  // a vacancy: the supervisors and the intake team's coordinators must find a new coordinator
  'coordinator.stepped_down': ['supervisors', 'intakeCoordinators'],
  'plan.created': ['coordinator', 'careTeam'],
  'plan.updated': ['coordinator', 'careTeam'],
  'action.assigned': ['payloadProfessionals'],
  'action.completed': ['coordinator'],
  'action.overdue': ['coordinator', 'payloadProfessionals'],
  'care_team.changed': ['coordinator', 'payloadProfessionals'],
  'consent.withdrawn': ['coordinator'],
  'household.closed': ['coordinator', 'careTeam'],
  'household.reopened': ['supervisors'],
  'signal.matched': ['coordinator', 'intakeCoordinators', 'payloadProfessionals'],
  'case.stalled': ['coordinator', 'supervisors'],
  'escalation.opened': ['coordinator', 'supervisors'],
  'escalation.resolved': ['coordinator', 'supervisors'],
};

/** Payload keys that name professionals to notify. */
export const PAYLOAD_PROFESSIONAL_KEYS = ['coordinatorId', 'previousCoordinatorId', 'professionalId', 'signallerIds'];
/** Payload keys that name organisations to inform by webhook (besides the care team). */
export const PAYLOAD_ORGANISATION_KEYS = ['organisationId', 'organisationIds'];

/** Event types partners may subscribe to; every domain event of a household they are involved with. */
export const WEBHOOK_ALL = '*';
