import { mapTimelineEntry, payloadId, signalOrganisationIds, type TimelineSources } from '../../src/timeline/timeline.mapper.js';
import type { TimelineEventRow } from '../../src/timeline/timeline.repository.js';
import { TIMELINE_TYPES } from '../../src/timeline/timeline-types.js';

const ID = '4b7f3c2e-1d5a-4e8b-9c0d-123456789abc';
const ORG = '0f1e2d3c-4b5a-4969-8877-665544332211';

const empty = (): TimelineSources => ({
  contacts: new Map(),
  assessments: new Map(),
  escalations: new Map(),
  planRevisions: new Map(),
  assignmentReasons: new Map(),
  careTeamLinks: new Map(),
  episodes: new Map(),
  professionalNames: new Map(),
  organisationNames: new Map(),
});

const event = (type: TimelineEventRow['type'], payload: Record<string, unknown> = {}): TimelineEventRow => ({
  id: '42',
  type,
  aggregateId: ID,
  actorId: null,
  actorName: null,
  payload,
  occurredAt: new Date('2026-03-01T10:00:00Z'),
});

describe('timeline entries from domain events', () => {
  it.each(TIMELINE_TYPES)('maps %s even when the row it refers to is gone (fields become null, never an error)', (type) => {
    const entry = mapTimelineEntry(event(type), empty());
    expect(entry).toMatchObject({ id: '42', at: '2026-03-01T10:00:00.000Z', type, actor: null });
    expect(entry.data).toBeDefined();
  });

  it('takes only well-formed ids from payloads, so a stray value never reaches a uuid query', () => {
    expect(payloadId({ a: ID }, 'a')).toBe(ID);
    expect(payloadId({ a: 'Samira' }, 'a')).toBeNull();
    expect(payloadId({ a: 7 }, 'a')).toBeNull();
    expect(signalOrganisationIds({ organisationId: ORG, organisationIds: [ORG, 'x', ID, 3] })).toEqual([ORG, ID]);
  });

  it('resolves plan changes by plan and revision number', () => {
    const sources = empty();
    sources.planRevisions.set(`${ID}:3`, [{ op: 'add', target: 'goal', id: ORG }]);
    expect(mapTimelineEntry(event('plan.updated', { version: 3 }), sources).data).toEqual({ planId: ID, revision: 3, changes: [{ op: 'add', target: 'goal', id: ORG }] });
    expect(mapTimelineEntry(event('plan.updated', { version: 'three' }), sources).data).toEqual({ planId: ID, revision: null, changes: [] });
  });

  it('shows the outcome of an escalation on its resolution only', () => {
    const sources = empty();
    sources.escalations.set(ID, { reason: 'Stokt', outcome: 'Overleg', resolved: true });
    expect(mapTimelineEntry(event('escalation.opened'), sources).data).toEqual({ escalationId: ID, reason: 'Stokt', outcome: null, resolved: true });
    expect(mapTimelineEntry(event('escalation.resolved'), sources).data).toEqual({ escalationId: ID, reason: 'Stokt', outcome: 'Overleg', resolved: true });
  });
});
