import { createHash } from 'node:crypto';
import { chain, checkLink, GENESIS_HASH } from '../../src/audit/audit-chain.js';
import type { AuditEventDraft } from '../../src/audit/audit.types.js';

const draft = (overrides: Partial<AuditEventDraft> = {}): AuditEventDraft => ({
  tenantId: '11111111-1111-4111-8111-111111111111',
  occurredAt: new Date('2026-01-05T10:00:00.123Z'),
  action: 'read',
  outcome: 'success',
  actorKind: 'professional',
  professionalId: '22222222-2222-4222-8222-222222222222',
  apiClientId: null,
  organisationId: '33333333-3333-4333-8333-333333333333',
  roles: ['coordinator'],
  onBehalfOfOrganisationId: null,
  resourceType: 'household',
  resourceId: null,
  householdId: '44444444-4444-4444-8444-444444444444',
  memberIds: [],
  purpose: 'case_coordination',
  legalBasis: 'coordinator',
  consentId: null,
  route: 'GET /api/v1/households/:householdId',
  httpStatus: 200,
  requestId: 'req-1',
  sourceAddress: '127.0.0.1',
  ...overrides,
});

function verify(events: ReturnType<typeof chain>) {
  let prev = { seq: 0, hash: GENESIS_HASH };
  for (const event of events) {
    const broken = checkLink(event, prev);
    if (broken) return broken;
    prev = event;
  }
  return undefined;
}

describe('audit hash chain', () => {
  it('links events in order from the genesis hash, and a chain continues from its head', () => {
    const first = chain([draft(), draft({ action: 'update' })], { seq: 0, hash: GENESIS_HASH });
    const more = chain([draft({ action: 'search' })], first[1]!);
    expect([...first, ...more].map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(first[1]!.prevHash).toBe(first[0]!.hash);
    expect(more[0]!.prevHash).toBe(first[1]!.hash);
    expect(verify([...first, ...more])).toBeUndefined();
  });

  it('names the first event whose fields, link or position were changed', () => {
    const events = chain([draft(), draft(), draft(), draft()], { seq: 0, hash: GENESIS_HASH });
    expect(verify(events.map((e) => (e.seq === 3 ? { ...e, legalBasis: 'tenant_role' as const } : e)))).toEqual({ reason: 'hash_mismatch', seq: 3 });
    expect(verify(events.map((e) => (e.seq === 2 ? { ...e, memberIds: ['55555555-5555-4555-8555-555555555555'] } : e)))).toEqual({ reason: 'hash_mismatch', seq: 2 });
    expect(verify(events.filter((e) => e.seq !== 2))).toEqual({ reason: 'sequence_gap', seq: 3 });
    // a re-hashed forgery still breaks the next link
    const forged = chain([draft({ purpose: 'forged' })], events[0]!)[0]!;
    expect(verify([events[0]!, forged, events[2]!, events[3]!])).toEqual({ reason: 'prev_hash_mismatch', seq: 3 });
  });

  it('the same event at another time or for another tenant hashes differently', () => {
    const head = { seq: 0, hash: GENESIS_HASH };
    const base = chain([draft()], head)[0]!.hash;
    expect(chain([draft({ occurredAt: new Date('2026-01-05T10:00:00.124Z') })], head)[0]!.hash).not.toBe(base);
    expect(chain([draft({ tenantId: '66666666-6666-4666-8666-666666666666' })], head)[0]!.hash).not.toBe(base);
  });
});

describe('audit hash chain: the caller request id (added later)', () => {
  it('an event without a caller request id hashes exactly as events did before the field existed', () => {
    const event = chain([draft()], { seq: 0, hash: GENESIS_HASH })[0]!;
    const before = [
      event.tenantId, '1', GENESIS_HASH, event.occurredAt.toISOString(), event.action, event.outcome, event.actorKind, event.professionalId,
      event.apiClientId, event.organisationId, event.roles, event.onBehalfOfOrganisationId, event.resourceType, event.resourceId, event.householdId,
      event.memberIds, event.purpose, event.legalBasis, event.consentId, event.route, event.httpStatus, event.requestId, event.sourceAddress,
    ];
    expect(event.hash).toBe(createHash('sha256').update(GENESIS_HASH).update('\n').update(JSON.stringify(before)).digest('hex'));
    expect(chain([draft({ callerRequestId: null })], { seq: 0, hash: GENESIS_HASH })[0]!.hash).toBe(event.hash);
  });

  it('covers the caller request id when there is one: adding, changing or removing it breaks the link', () => {
    const events = chain([draft({ callerRequestId: 'partner-4711' }), draft()], { seq: 0, hash: GENESIS_HASH });
    expect(verify(events)).toBeUndefined();
    expect(verify(events.map((e) => (e.seq === 1 ? { ...e, callerRequestId: 'partner-4712' } : e)))).toEqual({ reason: 'hash_mismatch', seq: 1 });
    expect(verify(events.map((e) => (e.seq === 1 ? { ...e, callerRequestId: null } : e)))).toEqual({ reason: 'hash_mismatch', seq: 1 });
    expect(verify(events.map((e) => (e.seq === 2 ? { ...e, callerRequestId: 'inserted' } : e)))).toEqual({ reason: 'hash_mismatch', seq: 2 });
  });
});
