import fc from 'fast-check';
import { FULL_SCOPE, membersOpened, scopeCovers, type CaseItem, type ReaderScope, type ScopeFence, type ScopeGrant } from '../../src/access/reader-scope.js';
import { assessmentInScope } from '../../src/casework/assessments/assessments.mapper.js';
import { changedDomains, scopedAggregate } from '../../src/plans/plans.mapper.js';
import type { PlanAggregate } from '../../src/plans/plans.repository.js';

/** Purpose limitation, the pure rule: what a reader's scope opens (the SQL twin is held equal in test/integration). */
const DOMAINS = ['finances', 'housing', 'parenting', 'work_education'];
const MEMBERS = ['m1', 'm2', 'm3'];
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const fence: fc.Arbitrary<ScopeFence> = fc.record({ domains: nullable(fc.subarray(DOMAINS)), memberIds: nullable(fc.subarray(MEMBERS)), bsn: fc.boolean(), contactNotes: fc.boolean() });
const grant: fc.Arbitrary<ScopeGrant> = fc.record({ linkId: fc.uuid(), fences: fc.array(fence, { minLength: 1, maxLength: 2 }) });
const narrowed: fc.Arbitrary<ReaderScope> = fc.array(grant, { maxLength: 3 }).map((grants) => ({ full: false as const, grants }));
const item: fc.Arbitrary<CaseItem> = fc.record(
  { domains: nullable(fc.subarray(DOMAINS)), memberIds: nullable(fc.subarray(MEMBERS)), category: nullable(fc.constantFrom('bsn' as const, 'contact_notes' as const)) },
  { requiredKeys: [] },
);
const EVERYTHING: ScopeFence = { domains: null, memberIds: null, bsn: true, contactNotes: true };

describe('scopeCovers', () => {
  it('the whole case (coordinator, supervisor, emergency) opens every item', () => {
    fc.assert(fc.property(item, fc.constantFrom('coordinator' as const, 'tenant_role' as const, 'intake' as const, 'emergency' as const), (i, ground) => scopeCovers(FULL_SCOPE(ground), i)));
  });

  it('a reader without a standing link opens nothing', () => {
    fc.assert(fc.property(item, (i) => !scopeCovers({ full: false, grants: [] }, i)));
  });

  it('a link without a scope, on a consent for the whole household, opens every item', () => {
    fc.assert(fc.property(item, (i) => scopeCovers({ full: false, grants: [{ linkId: 'l', fences: [EVERYTHING, EVERYTHING] }] }, i)));
  });

  it('another link never takes anything away; a consent never adds anything', () => {
    fc.assert(
      fc.property(narrowed, grant, fence, item, (scope, extra, consent, i) => {
        if (scope.full) return;
        const more: ReaderScope = { full: false, grants: [...scope.grants, extra] };
        const consented: ReaderScope = { full: false, grants: scope.grants.map((g) => ({ ...g, fences: [...g.fences, consent] })) };
        expect(!scopeCovers(scope, i) || scopeCovers(more, i)).toBe(true);
        expect(!scopeCovers(consented, i) || scopeCovers(scope, i)).toBe(true);
      }),
    );
  });

  it('a consent for one member opens that member only, and never the household as a whole', () => {
    const scope: ReaderScope = { full: false, grants: [{ linkId: 'l', fences: [EVERYTHING, { ...EVERYTHING, memberIds: ['m1'] }] }] };
    expect(scopeCovers(scope, { memberIds: ['m1'] })).toBe(true);
    expect(scopeCovers(scope, { memberIds: ['m2'] })).toBe(false);
    expect(scopeCovers(scope, { memberIds: ['m1', 'm2'] })).toBe(false);
    expect(scopeCovers(scope, { memberIds: [] })).toBe(false);
    expect(scopeCovers(scope, { domains: ['finances'] })).toBe(true);
  });
});

describe('applied to case data', () => {
  const scope: ReaderScope = { full: false, grants: [{ linkId: 'l', fences: [{ domains: ['work_education'], memberIds: ['m1'], bsn: false, contactNotes: false }] }] };

  it('an assessment keeps only the scores of covered domains, of a covered member', () => {
    const row = (memberId: string | null) => ({
      assessment: { memberId } as never,
      assessedByName: 'X',
      memberName: null,
      scores: [{ domainCode: 'finances', score: 2 }, { domainCode: 'work_education', score: 4 }],
    });
    expect(assessmentInScope(row('m1'), scope)?.scores).toEqual([{ domainCode: 'work_education', score: 4 }]);
    expect(assessmentInScope(row('m2'), scope)).toBeNull();
    expect(assessmentInScope(row(null), scope)).toBeNull();
  });

  it('a plan keeps the goals of covered domains with their actions; a change names the domains it touched', () => {
    const aggregate = {
      plan: {},
      goals: [{ id: 'g1', domainCode: 'finances' }, { id: 'g2', domainCode: 'work_education' }],
      actions: [{ id: 'a1', goalId: 'g1' }, { id: 'a2', goalId: 'g2' }],
      networkMembers: [],
      communityResources: [],
    } as unknown as PlanAggregate;
    const seen = scopedAggregate(aggregate, scope);
    expect(seen.goals.map((g) => g.id)).toEqual(['g2']);
    expect(seen.actions.map((a) => a.id)).toEqual(['a2']);
    expect(changedDomains(aggregate, [{ op: 'update', target: 'action', id: 'a1' }, { op: 'add', target: 'goal', id: 'g2' }, { op: 'update', target: 'plan' }])).toEqual(['finances', 'work_education']);
  });
});

describe('membersOpened (the members an audit event of a narrowed reader names)', () => {
  it('is null exactly when the scope opens the household as a whole, and otherwise lists the members the scope opens', () => {
    fc.assert(
      fc.property(narrowed, (scope) => {
        const opened = membersOpened(scope);
        expect(opened === null).toBe(scopeCovers(scope, { memberIds: [] }));
        for (const m of MEMBERS) expect(scopeCovers(scope, { memberIds: [m] })).toBe(opened === null || opened.includes(m));
      }),
    );
  });

  it('a link for the child, on a consent for the whole household, names the child; the whole case names nobody in particular', () => {
    expect(membersOpened({ full: false, grants: [{ linkId: 'l', fences: [{ ...EVERYTHING, memberIds: ['m2'] }, EVERYTHING] }] })).toEqual(['m2']);
    expect(membersOpened({ full: false, grants: [{ linkId: 'l', fences: [{ ...EVERYTHING, memberIds: ['m2'] }, { ...EVERYTHING, memberIds: ['m1'] }] }] })).toEqual([]);
    expect(membersOpened(FULL_SCOPE('coordinator'))).toBeNull();
  });
});
