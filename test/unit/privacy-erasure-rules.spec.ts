import fc from 'fast-check';
import { RECORD_CATEGORIES, type RecordCategory } from '../../src/privacy/requests/erasure-report.js';
import { decideErasure, decideRestriction, KEEP_REASONS, toErase, type ErasureFacts } from '../../src/privacy/requests/erasure-rules.js';
import { canMove, PRIVACY_REQUEST_KINDS, PRIVACY_REQUEST_STATUSES } from '../../src/privacy/requests/privacy-request-values.js';

const counts = fc.record(Object.fromEntries(RECORD_CATEGORIES.map((c) => [c, fc.nat({ max: 10_000 })])) as Record<RecordCategory, fc.Arbitrary<number>>);
const facts = fc.record({ subject: fc.constantFrom('household' as const, 'member' as const), caseOpen: fc.boolean(), legalHold: fc.boolean(), counts });
const CASE_FILE: RecordCategory[] = ['household', 'members', 'bsn', 'plan', 'contacts', 'assessments', 'escalations', 'signals'];
const PLUMBING: RecordCategory[] = ['inbox', 'webhook_deliveries', 'emails', 'idempotency_records', 'outbox_events'];
const byCategory = (f: ErasureFacts) => Object.fromEntries(decideErasure(f).map((d) => [d.category, d]));
const base = (over: Partial<ErasureFacts> = {}): ErasureFacts => ({
  subject: 'household',
  caseOpen: false,
  legalHold: false,
  counts: Object.fromEntries(RECORD_CATEGORIES.map((c) => [c, 3])) as Record<RecordCategory, number>,
  ...over,
});

describe('what an erasure keeps, and why', () => {
  it('audit events are always kept, as the evidence of art. 15 — whatever else holds', () => {
    fc.assert(
      fc.property(facts, (f) => {
        expect(byCategory(f).audit_events).toMatchObject({ disposition: 'keep', keptBecause: 'audit_evidence', count: f.counts.audit_events });
      }),
    );
  });

  it('under a legal hold nothing at all is erased', () => {
    fc.assert(fc.property(facts, (f) => expect(toErase(decideErasure({ ...f, legalHold: true }))).toEqual([])));
  });

  it('an open case keeps its case file; notifications, deliveries, idempotency records and outbox events still go', () => {
    const decided = byCategory(base({ caseOpen: true }));
    for (const c of CASE_FILE) expect(decided[c]).toMatchObject({ disposition: 'keep', keptBecause: 'open_case_file' });
    for (const c of PLUMBING) expect(decided[c]!.disposition).toBe('erase');
  });

  it('a closed household without hold: rows others point at are pseudonymised, the rest erased, only audit kept', () => {
    const decided = byCategory(base());
    expect(['household', 'members', 'bsn', 'plan'].map((c) => decided[c]!.disposition)).toEqual(['pseudonymise', 'pseudonymise', 'pseudonymise', 'pseudonymise']);
    expect(['contacts', 'assessments', 'escalations', 'signals', ...PLUMBING].every((c) => decided[c]!.disposition === 'erase')).toBe(true);
    expect(toErase(decideErasure(base()))).toHaveLength(RECORD_CATEGORIES.length - 1);
  });

  it('for one member, what belongs to the household as a whole stays', () => {
    const decided = byCategory(base({ subject: 'member' }));
    for (const c of ['household', 'plan', 'escalations', 'signals']) expect(decided[c]).toMatchObject({ disposition: 'keep', keptBecause: 'household_context' });
    for (const c of ['members', 'bsn']) expect(decided[c]!.disposition).toBe('pseudonymise');
    for (const c of ['contacts', 'assessments']) expect(decided[c]!.disposition).toBe('erase');
  });

  it('every category is decided exactly once, in the listed order, with its count and a reason in both languages', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const decisions = decideErasure(f);
        expect(decisions.map((d) => d.category)).toEqual([...RECORD_CATEGORIES]);
        for (const d of decisions) {
          expect(d.count).toBe(f.counts[d.category]);
          expect(d.reason.nl.length).toBeGreaterThan(10);
          expect(d.reason.en.length).toBeGreaterThan(10);
          expect(d.keptBecause === null).toBe(d.disposition !== 'keep');
          if (d.keptBecause) expect(d.reason).toBe(KEEP_REASONS[d.keptBecause]);
        }
      }),
    );
  });

  it('more reasons to keep never erase more: a hold or an open case only shrinks what goes', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const erased = new Set(toErase(decideErasure({ ...f, caseOpen: false, legalHold: false })));
        for (const c of toErase(decideErasure(f))) expect(erased.has(c)).toBe(true);
      }),
    );
  });
});

describe('what a restriction freezes', () => {
  it('member data and webhooks; the household row only when the whole household is restricted', () => {
    const member = decideRestriction(base({ subject: 'member' })).map((d) => d.category);
    expect(member).toEqual(['members', 'bsn', 'plan', 'contacts', 'assessments', 'webhook_deliveries']);
    expect(decideRestriction(base()).map((d) => d.category)).toEqual(['household', ...member]);
    expect(decideRestriction(base()).every((d) => d.disposition === 'freeze')).toBe(true);
  });
});

describe('the request state machine', () => {
  it('erasure: recorded → approved | rejected, approved → executed; restriction: approved → active → lifted; nothing else', () => {
    const allowed = new Set(['erasure recorded→approved', 'erasure recorded→rejected', 'erasure approved→executed', 'restriction recorded→approved', 'restriction recorded→rejected', 'restriction approved→active', 'restriction active→lifted']);
    for (const kind of PRIVACY_REQUEST_KINDS) {
      for (const from of PRIVACY_REQUEST_STATUSES) {
        for (const to of PRIVACY_REQUEST_STATUSES) expect(canMove(kind, from, to)).toBe(allowed.has(`${kind} ${from}→${to}`));
      }
    }
  });
});
