import type { StoredDomainEvent } from '../../events/domain-event.js';
import type { DomainEventType } from '../../events/event-types.js';

/**
 * Which kinds of people hear about which event type. Pure data, so the rules are reviewable in one place;
 * `RecipientResolver` turns them into ids as of the event's moment. The actor never notifies themselves.
 */
export type Audience =
  | 'coordinator' // the household's coordinator(s) at the event
  | 'careTeam' // professionals linked in person at the event
  | 'supervisors'
  | 'payloadProfessionals' // ids named in the payload (new coordinator, action owner, linked professional)
  | 'intakeCoordinators' // coordinators of the intake team, for a match without coordinator
  | 'organisationAdmins' // the admins of the organisation the event names (the municipality's when it has none)
  | 'privacyOfficers'; // the municipality's privacy officers (functionaris gegevensbescherming)

export const INBOX_RULES: Partial<Record<DomainEventType, Audience[]>> = {
  'coordinator.assigned': ['payloadProfessionals', 'careTeam'],
  'coordinator.handed_over': ['payloadProfessionals', 'careTeam'],
  // the proposed coordinator (coordinatorId) and the current one (previousCoordinatorId)
  'coordinator.handover_proposed': ['payloadProfessionals'],
  'coordinator.handover_declined': ['payloadProfessionals', 'supervisors'],
  // the one of the two who stays (the other left or lost the role) and the supervisors: the case still needs its hand-over
  'coordinator.handover_withdrawn': ['payloadProfessionals', 'supervisors'],
  // a vacancy: the supervisors and the intake team's coordinators must find a new coordinator, and the care team
  // must know the case has none for now (as they hear who takes it on)
  'coordinator.stepped_down': ['supervisors', 'intakeCoordinators', 'careTeam'],
  'plan.created': ['coordinator', 'careTeam'],
  'plan.updated': ['coordinator', 'careTeam'],
  'action.assigned': ['payloadProfessionals'],
  'action.completed': ['coordinator'],
  // without a coordinator (a reopened or vacant case) the intake team that picks the case up
  'action.overdue': ['coordinator', 'payloadProfessionals', 'intakeCoordinators'],
  // the coordinator reassigns them (the one who left hears nothing: deactivated, or now in another organisation)
  'action.owner_left': ['coordinator', 'intakeCoordinators'],
  'care_team.changed': ['coordinator', 'payloadProfessionals'],
  'consent.withdrawn': ['coordinator'],
  'household.closed': ['coordinator', 'careTeam'],
  // a reopened case starts vacant: who finds it a coordinator must hear of it (as of a step-down)
  'household.reopened': ['supervisors', 'intakeCoordinators'],
  'signal.matched': ['coordinator', 'intakeCoordinators', 'payloadProfessionals'],
  // intake items (signals before registration): the intake team; each signaller hears only `co_signalled`
  'signal.intake_item_opened': ['intakeCoordinators'],
  'signal.intake_item_joined': ['intakeCoordinators'],
  'signal.intake_item_closed': ['intakeCoordinators'],
  'signal.co_signalled': ['payloadProfessionals'],
  'case.stalled': ['coordinator', 'supervisors'],
  'escalation.opened': ['coordinator', 'supervisors'],
  'escalation.resolved': ['coordinator', 'supervisors'],
  'webhook.disabled': ['organisationAdmins'],
  // break-the-glass: announced at once to whoever answers for the case and to whoever reviews it
  'emergency_access.granted': ['coordinator', 'privacyOfficers'],
  // the coordinator must know why changes to a member are refused (409 MEMBER_RESTRICTED), and when they are possible again
  'privacy.restriction_changed': ['coordinator'],
};

/** Inbox items of these types are not e-mailed (a notice for admins, shown in the inbox only). */
export const INBOX_ONLY: ReadonlySet<DomainEventType> = new Set<DomainEventType>(['webhook.disabled']);

/** Event types partners may subscribe to; every domain event of a household they are involved with. */
export const WEBHOOK_ALL = '*';

/** Whom an event names in its payload: professionals to notify, organisations to inform by webhook, an intake team. */
export interface Named {
  professionalIds: string[];
  organisationIds: string[];
  intakeOrganisationId: string | null;
}

const NONE: Named = { professionalIds: [], organisationIds: [], intakeOrganisationId: null };
const present = (...ids: Array<string | null | undefined>): string[] => ids.filter((id): id is string => typeof id === 'string');

/** An action's owner: a professional hears it in the inbox, an organisation by webhook; members and network hear nothing. */
function owner(payload: { ownerType: string; ownerId: string | null }): Named {
  if (payload.ownerType === 'professional') return { ...NONE, professionalIds: present(payload.ownerId) };
  if (payload.ownerType === 'organisation') return { ...NONE, organisationIds: present(payload.ownerId) };
  return NONE;
}

/** Read from the typed payload of each event type; the compiler asks for every new type. */
export function namedIn(event: StoredDomainEvent): Named {
  switch (event.type) {
    case 'coordinator.assigned':
    case 'coordinator.handed_over':
    case 'coordinator.handover_proposed':
      return { ...NONE, professionalIds: present(event.payload.coordinatorId, event.payload.previousCoordinatorId) };
    case 'coordinator.handover_declined':
      return { ...NONE, professionalIds: present(event.payload.previousCoordinatorId) };
    // whichever of the two is still here: the proposer when the proposed one left, the proposed one when the proposer did
    case 'coordinator.handover_withdrawn':
      return { ...NONE, professionalIds: present(event.payload.coordinatorId, event.payload.previousCoordinatorId) };
    case 'coordinator.stepped_down':
      return { ...NONE, professionalIds: present(event.payload.previousCoordinatorId), intakeOrganisationId: event.payload.intakeOrganisationId };
    case 'care_team.changed':
      return { ...NONE, professionalIds: present(event.payload.professionalId), organisationIds: [event.payload.organisationId] };
    case 'action.assigned':
      return owner(event.payload);
    case 'action.overdue':
      return { ...owner(event.payload), intakeOrganisationId: event.payload.intakeOrganisationId ?? null };
    case 'household.reopened':
      return { ...NONE, intakeOrganisationId: event.payload.intakeOrganisationId ?? null };
    case 'consent.withdrawn':
    case 'signal.received':
    case 'signal.acknowledged':
    case 'webhook.disabled':
      return { ...NONE, organisationIds: [event.payload.organisationId] };
    case 'signal.matched':
      return {
        professionalIds: present(event.payload.coordinatorId, ...event.payload.signallerIds),
        organisationIds: event.payload.organisationIds,
        intakeOrganisationId: event.payload.intakeOrganisationId ?? null,
      };
    case 'signal.co_signalled':
      return { ...NONE, professionalIds: event.payload.signallerIds, organisationIds: [event.payload.organisationId] };
    case 'signal.intake_item_opened':
    case 'signal.intake_item_joined':
    case 'signal.intake_item_closed':
      return { ...NONE, intakeOrganisationId: event.payload.intakeOrganisationId ?? null };
    case 'signal.linked':
    case 'household.registered':
    case 'household.updated':
    case 'household.status_changed':
    case 'household.closed':
    case 'member.added':
    case 'member.updated':
    case 'member.removed':
    case 'plan.created':
    case 'plan.updated':
    case 'action.completed':
    case 'contact.recorded':
    case 'assessment.recorded':
    case 'case.stalled':
    case 'case.unstalled':
    case 'escalation.opened':
    case 'escalation.resolved':
    case 'caseload.handed_over':
    case 'emergency_access.granted':
    case 'privacy.restriction_changed':
      return NONE;
    case 'action.owner_left':
      return { ...NONE, intakeOrganisationId: event.payload.intakeOrganisationId ?? null };
  }
}
