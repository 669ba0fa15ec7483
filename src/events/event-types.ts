/**
 * THE map of domain events: every event type the system writes to the outbox, its aggregate and its payload type.
 * No other file declares an event name or a payload shape; writers build events with `createEvent` (domain-event.ts),
 * readers narrow on `type` and get the payload typed. Payloads carry ids and codes only — never personal data.
 *
 * The order is the order partners see in the OpenAPI enum of webhook event types; add new types at the end.
 */

/** What a payload value may be: it is stored as jsonb and sent to partners as it is. */
type PayloadValue = string | number | boolean | null | string[];
type Payload = { [key: string]: PayloadValue | undefined };
// no keys (an index signature would make every key a payload key to the readers)
type NoPayload = Record<never, never>;

export type AggregateType =
  | 'household'
  | 'plan'
  | 'care_team_link'
  | 'coordinator_assignment'
  | 'action'
  | 'contact'
  | 'assessment'
  | 'signal'
  | 'intake_item'
  | 'stall'
  | 'escalation'
  | 'caseload'
  | 'webhook_subscription'
  | 'emergency_access'
  | 'privacy_request';

interface EventSpec<P extends Payload> {
  aggregate: AggregateType;
  /** Partners may subscribe to it and receive it by webhook; internal events (e.g. notices) never leave. */
  partner: boolean;
  /** Type only: carries the payload type, never a value. */
  readonly payload?: P;
}

const event = <P extends Payload>(aggregate: AggregateType, partner = true): EventSpec<P> => ({ aggregate, partner });

type Coordinators = { coordinatorId: string; previousCoordinatorId: string | null };
type SignalByOrganisation = { signalId: string; organisationId: string };
type IntakeItemNotice = { intakeItemId: string; intakeOrganisationId?: string };
type ActionOwner = { actionId: string; ownerType: string; ownerId: string | null };

export const DOMAIN_EVENTS = {
  'household.registered': event<NoPayload>('household'),
  /** The names of the changed fields, never their values. */
  'household.updated': event<{ fields: string[] }>('household'),
  'household.status_changed': event<{ from: string; to: string }>('household'),
  'household.closed': event<{ episode: number }>('household'),
  /** The new episode starts vacant: the intake team (`intakeOrganisationId`, when the municipality has one) picks it up. */
  'household.reopened': event<{ episode: number; intakeOrganisationId?: string }>('household'),
  'member.added': event<{ memberId: string }>('household'),
  'member.updated': event<{ memberId: string; fields: string[] }>('household'),
  'member.removed': event<{ memberId: string }>('household'),
  'coordinator.assigned': event<Coordinators>('coordinator_assignment'),
  /** `handoverId` when the hand-over was proposed and accepted, or part of a caseload hand-over. */
  'coordinator.handed_over': event<Coordinators & { handoverId?: string }>('coordinator_assignment'),
  'coordinator.handover_proposed': event<{ handoverId: string; coordinatorId: string; previousCoordinatorId: string }>('coordinator_assignment'),
  'coordinator.handover_declined': event<{ handoverId: string; previousCoordinatorId: string }>('coordinator_assignment'),
  /**
   * A proposal that can never be carried out: the proposed coordinator (`coordinatorId`) or the proposing one
   * (`previousCoordinatorId`) left or lost the coordinator role.
   */
  'coordinator.handover_withdrawn': event<{ handoverId: string; coordinatorId: string; previousCoordinatorId: string }>('coordinator_assignment'),
  /** The household is vacant; the intake team (if any) picks it up. */
  'coordinator.stepped_down': event<{ previousCoordinatorId: string; intakeOrganisationId: string | null; vacancyReason?: 'deactivated' }>('coordinator_assignment'),
  /** `rescoped`: what the link covers changed (purpose limitation). */
  'care_team.changed': event<{ change: 'added' | 'ended' | 'rescoped'; organisationId: string; professionalId: string | null }>('care_team_link'),
  'plan.created': event<{ version: number }>('plan'),
  /**
   * `targets`: the kinds of parts that changed (plan, goal, action, …); `domainCodes`: the life domains of the goals
   * and actions that changed (purpose limitation: who may hear of it). Absent on events written before it existed.
   */
  'plan.updated': event<{ version: number; targets: string[]; domainCodes?: string[] }>('plan'),
  'action.assigned': event<ActionOwner & { ownerId: string }>('action'),
  'action.completed': event<{ actionId: string }>('action'),
  /**
   * Written in SQL by the overdue check (supervision/overdue/action-overdue.repository.ts). `intakeOrganisationId`:
   * the household has no coordinator, so the intake team that picks it up hears of it instead.
   */
  'action.overdue': event<ActionOwner & { planId: string; goalId: string | null; dueDate: string; intakeOrganisationId?: string }>('action'),
  /** `endedLinks`: how many care-team links the withdrawal ended. */
  'consent.withdrawn': event<{ consentId: string; organisationId: string; endedLinks: number }>('household'),
  'contact.recorded': event<{ kind: string; memberIds: string[] }>('contact'),
  'assessment.recorded': event<{ memberId: string | null; domainCodes: string[] }>('assessment'),
  'signal.received': event<SignalByOrganisation>('signal'),
  /** Who picks the match up: the coordinator, or without one the intake team (`intakeOrganisationId`). */
  'signal.matched': event<{
    matchId: string;
    householdId: string;
    signalIds: string[];
    organisationIds: string[];
    signallerIds: string[];
    coordinatorId?: string;
    intakeOrganisationId?: string;
  }>('signal'),
  'signal.acknowledged': event<SignalByOrganisation>('signal'),
  /**
   * Written in SQL by the stall evaluation (supervision/stalled/stall-evaluation.sql.ts). Internal: the rules are
   * judged on the whole case, so a partner would learn of overdue actions or missed reviews outside its scope; the
   * SPEC sends them to the coordinator and the supervisors' review queue.
   */
  'case.stalled': event<{ rules: string[] }>('stall', false),
  'case.unstalled': event<{ rules: string[] }>('stall', false),
  'escalation.opened': event<{ escalationId: string }>('escalation'),
  'escalation.resolved': event<{ escalationId: string }>('escalation'),
  'caseload.handed_over': event<{ fromCoordinatorId: string; toCoordinatorId: string; householdIds: string[]; count: number }>('caseload'),
  /** A subscription ran out of attempts and was disabled; the fan-out tells the organisation's admins. */
  'webhook.disabled': event<{ subscriptionId: string; organisationId: string }>('webhook_subscription', false),
  /** A waiting signal linked to a household registered or changed after it (signals before registration). */
  'signal.linked': event<{ signalId: string; householdId: string }>('signal', false),
  /** Signals of two or more organisations about one unregistered family: an intake item for the intake team. */
  'signal.intake_item_opened': event<IntakeItemNotice & { organisationCount: number; signalCount: number }>('intake_item', false),
  'signal.intake_item_joined': event<IntakeItemNotice & { organisationCount: number; signalId: string }>('intake_item', false),
  'signal.intake_item_closed': event<IntakeItemNotice & { outcome: string; householdId?: string }>('intake_item', false),
  /** To one signalling organisation: another organisation also signalled; the intake team will be in touch (not who). */
  'signal.co_signalled': event<{ signalIds: string[]; organisationId: string; signallerIds: string[]; intakeOrganisationId?: string }>('signal'),
  /** Break-the-glass: `professionalId` took emergency access until `expiresAt`; told at once to the coordinator and the privacy officers. Never the reason (it may hold personal data). */
  'emergency_access.granted': event<{ grantId: string; professionalId: string; expiresAt: string }>('emergency_access', false),
  /** An AVG art. 18 restriction came into force or was lifted (`memberId` null: the whole household); the coordinator is told, partners never. */
  'privacy.restriction_changed': event<{ requestId: string; memberId: string | null; change: 'active' | 'lifted' }>('privacy_request', false),
  /**
   * The professional who owns these unfinished actions of the household was deactivated (`deactivated`) or moved to
   * another organisation (`moved`): the coordinator is told, so the actions get an owner who still works on the case —
   * or, when the household has no coordinator (the one who left coordinated it, and it was left vacant), the intake
   * team that picks it up (`intakeOrganisationId`).
   * Internal: partners hear of a new owner by `action.assigned`.
   */
  'action.owner_left': event<{ professionalId: string; actionIds: string[]; reason: 'deactivated' | 'moved'; intakeOrganisationId?: string }>('household', false),
} as const;

export type DomainEventType = keyof typeof DOMAIN_EVENTS;

/** `type` → its payload type. */
export type DomainEventPayloads = { [T in DomainEventType]: NonNullable<(typeof DOMAIN_EVENTS)[T]['payload']> };

export const DOMAIN_EVENT_TYPES = Object.keys(DOMAIN_EVENTS) as DomainEventType[];

/** The event types partners may subscribe to (webhooks): every type but the internal ones. */
export const PARTNER_EVENT_TYPES = DOMAIN_EVENT_TYPES.filter((type) => DOMAIN_EVENTS[type].partner);

export const isDomainEventType = (value: string): value is DomainEventType => Object.hasOwn(DOMAIN_EVENTS, value);
