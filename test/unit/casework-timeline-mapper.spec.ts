import { FULL_SCOPE, type ReaderScope } from '../../src/access/reader-scope.js';
import type { DomainEventPayloads } from '../../src/events/event-types.js';
import { coordinatorsOf, mapTimelineEntry, signalOrganisationIds, type TimelineSources } from '../../src/casework/timeline/timeline.mapper.js';
import type { TimelineEventRow } from '../../src/casework/timeline/timeline.repository.js';
import { TIMELINE_TYPES, type TimelineType } from '../../src/casework/timeline/timeline-types.js';

const ID = '4b7f3c2e-1d5a-4e8b-9c0d-123456789abc';
const ORG = '0f1e2d3c-4b5a-4969-8877-665544332211';

const empty = (): TimelineSources => ({
  contacts: new Map(),
  assessments: new Map(),
  escalations: new Map(),
  planRevisions: new Map(),
  assignments: new Map(),
  handovers: new Map(),
  careTeamLinks: new Map(),
  episodes: new Map(),
  professionalNames: new Map(),
  organisationNames: new Map(),
});

const OTHER = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const WHOLE = FULL_SCOPE('coordinator');
/** A school: a link for one child and `work_education`, no contact notes. */
const SCHOOL: ReaderScope = { full: false, grants: [{ linkId: OTHER, fences: [{ domains: ['work_education'], memberIds: [ID], bsn: false, contactNotes: false }] }] };
/** A partner of every member and their contact notes, but for `work_education` only. */
const ONE_DOMAIN: ReaderScope = { full: false, grants: [{ linkId: OTHER, fences: [{ domains: ['work_education'], memberIds: null, bsn: true, contactNotes: true }] }] };
/** Youth care: a link for the whole household, contact notes included. */
const WHOLE_HOUSEHOLD_PARTNER: ReaderScope = { full: false, grants: [{ linkId: OTHER, fences: [{ domains: null, memberIds: null, bsn: true, contactNotes: true }] }] };

/** A payload of every timeline type, as the services write them (the event map checks each). */
const PAYLOADS: Pick<DomainEventPayloads, TimelineType> = {
  'household.registered': {},
  'household.status_changed': { from: 'intake', to: 'active' },
  'household.closed': { episode: 1 },
  'household.reopened': { episode: 2 },
  'coordinator.assigned': { coordinatorId: ID, previousCoordinatorId: null },
  'coordinator.handed_over': { coordinatorId: ID, previousCoordinatorId: OTHER },
  'coordinator.handover_proposed': { handoverId: OTHER, coordinatorId: ID, previousCoordinatorId: OTHER },
  'coordinator.handover_declined': { handoverId: OTHER, previousCoordinatorId: OTHER },
  'coordinator.handover_withdrawn': { handoverId: OTHER, coordinatorId: ID, previousCoordinatorId: OTHER },
  'coordinator.stepped_down': { previousCoordinatorId: OTHER, intakeOrganisationId: null },
  'care_team.changed': { change: 'added', organisationId: ORG, professionalId: null },
  'plan.created': { version: 1 },
  'plan.updated': { version: 3, targets: ['goal'] },
  'contact.recorded': { kind: 'visit', memberIds: [] },
  'assessment.recorded': { memberId: null, domainCodes: ['finances'] },
  'signal.received': { signalId: ID, organisationId: ORG },
  'signal.matched': { matchId: OTHER, householdId: ID, signalIds: [ID], organisationIds: [ORG, OTHER, ORG], signallerIds: [] },
  'signal.acknowledged': { signalId: ID, organisationId: ORG },
  'escalation.opened': { escalationId: ID },
  'escalation.resolved': { escalationId: ID },
  'action.overdue': { actionId: ID, ownerType: 'organisation', ownerId: ORG, planId: OTHER, goalId: null, dueDate: '2026-02-27' },
};

const event = <T extends TimelineType>(type: T, payload: DomainEventPayloads[T] = PAYLOADS[type] as DomainEventPayloads[T]): TimelineEventRow =>
  ({ id: '42', type, aggregateId: ID, actorId: null, actorName: null, payload, occurredAt: new Date('2026-03-01T10:00:00Z') }) as TimelineEventRow;

describe('timeline entries from domain events', () => {
  it.each(TIMELINE_TYPES)('maps %s even when the row it refers to is gone (fields become null, never an error)', (type) => {
    const entry = mapTimelineEntry(event(type), empty(), WHOLE);
    expect(entry).toMatchObject({ id: '42', at: '2026-03-01T10:00:00.000Z', type, actor: null });
    expect(entry.data).toBeDefined();
  });

  it('names the organisations of a signal event: the signaller, or each organisation a match brought together once', () => {
    expect(signalOrganisationIds(event('signal.received'))).toEqual([ORG]);
    expect(signalOrganisationIds(event('signal.matched'))).toEqual([ORG, OTHER]);
    expect(signalOrganisationIds(event('plan.created'))).toEqual([]);
  });

  it('names the coordinators of a coordination event; a declined proposal or a step-down only the previous one', () => {
    expect(coordinatorsOf(event('coordinator.handed_over'))).toEqual({ coordinatorId: ID, previousCoordinatorId: OTHER });
    expect(coordinatorsOf(event('coordinator.stepped_down'))).toEqual({ coordinatorId: null, previousCoordinatorId: OTHER });
    expect(mapTimelineEntry(event('coordinator.handover_declined'), empty(), WHOLE).data).toMatchObject({ coordinator: null, previousCoordinator: { professionalId: OTHER, name: '' } });
    expect(coordinatorsOf(event('escalation.opened'))).toBeNull();
  });

  it('each coordination entry shows its own reason: why an assignment started, why a hand-over was proposed or declined, why an assignment ended', () => {
    const sources = empty();
    sources.assignments.set(ID, { reason: 'Caseload te hoog', endReason: 'Langdurig ziek', endKind: 'stepped_down' });
    const reason = (type: TimelineType, scope = WHOLE) => (mapTimelineEntry(event(type), sources, scope).data as { reason: string | null }).reason;
    expect(reason('coordinator.assigned')).toBe('Caseload te hoog');
    expect(reason('coordinator.handed_over')).toBe('Caseload te hoog');
    expect(reason('coordinator.stepped_down')).toBe('Langdurig ziek');
    // a proposal and a decline are about the hand-over (their aggregate), never the assignment of the same id
    expect(reason('coordinator.handover_proposed')).toBeNull();
    expect(reason('coordinator.handover_declined')).toBeNull();
    sources.handovers.set(ID, { reason: 'Andere wijk', declineReason: 'Geen ruimte' });
    expect(reason('coordinator.handover_proposed')).toBe('Andere wijk');
    expect(reason('coordinator.handover_declined')).toBe('Geen ruimte');
    sources.handovers.set(ID, { reason: 'Andere wijk', declineReason: null });
    expect(reason('coordinator.handover_declined')).toBeNull();
    // coordination's own reasons reach everyone involved, narrowed partners too
    for (const scope of [SCHOOL, ONE_DOMAIN]) {
      expect(reason('coordinator.handed_over', scope)).toBe('Caseload te hoog');
      expect(reason('coordinator.stepped_down', scope)).toBe('Langdurig ziek');
      expect(reason('coordinator.handover_proposed', scope)).toBe('Andere wijk');
    }
    // a vacancy after a deactivation: why the assignment ended
    sources.assignments.set(ID, { reason: 'Wijkteam pakt op', endReason: 'Uit dienst', endKind: 'deactivated' });
    expect(reason('coordinator.stepped_down', SCHOOL)).toBe('Uit dienst');
    // still running (or not ended yet when read): no reason to end it
    sources.assignments.set(ID, { reason: 'Wijkteam pakt op', endReason: null, endKind: null });
    expect(reason('coordinator.stepped_down')).toBeNull();
    // an assignment ended by closing carries the close reason, a household note: hidden from narrowed partners
    sources.assignments.set(ID, { reason: 'Wijkteam pakt op', endReason: 'Uithuisplaatsing', endKind: 'closed' });
    expect(reason('coordinator.stepped_down', WHOLE_HOUSEHOLD_PARTNER)).toBe('Uithuisplaatsing');
    expect(reason('coordinator.stepped_down', SCHOOL)).toBeNull();
  });

  it('resolves plan changes by plan and revision number', () => {
    const sources = empty();
    sources.planRevisions.set(`${ID}:3`, [{ op: 'add', target: 'goal', id: ORG }]);
    expect(mapTimelineEntry(event('plan.updated'), sources, WHOLE).data).toEqual({ planId: ID, revision: 3, changes: [{ op: 'add', target: 'goal', id: ORG }] });
    expect(mapTimelineEntry(event('plan.updated', { version: 4, targets: [] }), sources, WHOLE).data).toEqual({ planId: ID, revision: 4, changes: [] });
  });

  it('shows the outcome of an escalation on its resolution only', () => {
    const sources = empty();
    sources.escalations.set(ID, { reason: 'Stokt', outcome: 'Overleg', resolved: true });
    expect(mapTimelineEntry(event('escalation.opened'), sources, WHOLE).data).toEqual({ escalationId: ID, reason: 'Stokt', outcome: null, resolved: true });
    expect(mapTimelineEntry(event('escalation.resolved'), sources, WHOLE).data).toEqual({ escalationId: ID, reason: 'Stokt', outcome: 'Overleg', resolved: true });
  });

  it("an assessment's total and count are those of the scores the reader may see: a total of all would tell the hidden ones", () => {
    const sources = empty();
    sources.assessments.set(ID, { assessedOn: '2026-03-01', memberId: ID, memberName: 'Kind', scores: [{ domainCode: 'work_education', score: 3 }, { domainCode: 'finances', score: 1 }, { domainCode: 'parenting', score: 5 }] });
    expect(mapTimelineEntry(event('assessment.recorded'), sources, WHOLE).data).toMatchObject({ total: 9, domainCount: 3 });
    expect(mapTimelineEntry(event('assessment.recorded'), sources, SCHOOL).data).toMatchObject({ total: 3, domainCount: 1 });
  });

  it('close and reopen reasons and why a care-team link ended are case notes of the whole household, of every domain', () => {
    const sources = empty();
    sources.episodes.set(1, { closeReason: 'Uithuisplaatsing', reopenReason: null });
    sources.episodes.set(2, { closeReason: null, reopenReason: 'Nieuwe melding' });
    sources.careTeamLinks.set(ID, { organisationId: ORG, organisationName: 'School', professionalId: null, professionalName: null, role: 'mentor', basis: 'consent', endReason: 'Dreiging' });
    const ended = event('care_team.changed', { change: 'ended', organisationId: ORG, professionalId: null });
    for (const [scope, shown] of [[WHOLE, true], [WHOLE_HOUSEHOLD_PARTNER, true], [SCHOOL, false], [ONE_DOMAIN, false]] as const) {
      expect(mapTimelineEntry(event('household.closed'), sources, scope).data).toEqual({ episode: 1, reason: shown ? 'Uithuisplaatsing' : null });
      expect(mapTimelineEntry(event('household.reopened'), sources, scope).data).toEqual({ episode: 2, reason: shown ? 'Nieuwe melding' : null });
      expect(mapTimelineEntry(ended, sources, scope).data).toMatchObject({ role: 'mentor', endReason: shown ? 'Dreiging' : null });
    }
  });
});
