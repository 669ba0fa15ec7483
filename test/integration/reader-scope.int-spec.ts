import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { AccessRepository } from '../../src/access/access.repository.js';
import { fenceCovers, scopeCovers, type CaseItem, type ReaderScope, type ScopeFence } from '../../src/access/reader-scope.js';
import { eventCaseItem } from '../../src/access/event-case-item.sql.js';
import { sqlItem } from '../../src/access/reader-scope.sql.js';
import { escalationItem } from '../../src/casework/escalations/escalations.mapper.js';
import type { Actor } from '../../src/common/request-context.js';
import { insert, municipality, ownerDb, ownerHost, type Municipality } from './support.js';

/**
 * Purpose limitation (issue 13, item 5), the SQL side: the database function `eenplan_scope_covers` is the same rule
 * as `fenceCovers` in TypeScript; a link's scope and its consent's compose into what a reader sees, in SQL
 * (`readerCoversSql`, used by the timeline) exactly as in the application (`readerGrants` + `scopeCovers`); and the
 * triggers refuse scopes that name unknown domains or members of another household.
 */
const TODAY = '2026-06-15';
let db: DataSource;
let access: AccessRepository;
let m: Municipality;

beforeAll(async () => {
  db = await ownerDb();
  access = new AccessRepository(ownerHost(db));
  m = await municipality(db);
  // the helper's municipality has finances and housing; the school's links here also name parenting
  await db.query(`INSERT INTO life_domain (tenant_id, code, label_nl, label_en, position) VALUES ($1, 'parenting', 'Opvoeding', 'Parenting', 3)`, [m.tenantId]);
});

afterAll(async () => {
  await db?.destroy();
});

const DOMAINS = ['finances', 'housing', 'parenting'];
const MEMBERS = [randomUUID(), randomUUID(), randomUUID()];
const subset = <T>(values: T[]) => fc.subarray(values);
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const fenceArb: fc.Arbitrary<ScopeFence> = fc.record({ domains: nullable(subset(DOMAINS)), memberIds: nullable(subset(MEMBERS)), bsn: fc.boolean(), contactNotes: fc.boolean() });
const itemArb: fc.Arbitrary<CaseItem> = fc.record(
  { domains: nullable(subset(DOMAINS)), memberIds: nullable(subset(MEMBERS)), category: nullable(fc.constantFrom('bsn' as const, 'contact_notes' as const)) },
  { requiredKeys: [] },
);

async function household(): Promise<{ id: string; memberIds: string[] }> {
  const id = await insert(db, 'household', {
    tenant_id: m.tenantId,
    postcode: '1234AB',
    house_number: 1,
    district: 'Centrum',
    address_hash: randomUUID(),
    status: 'active',
    registration_reason: 'test',
    risk_level: 'low',
    registered_at: new Date(),
  });
  const member = (n: number) =>
    insert(db, 'member', { tenant_id: m.tenantId, household_id: id, given_name: `Lid ${n}`, family_name: 'Test', date_of_birth: '2010-01-01', role: 'child', birth_date_hash: randomUUID() });
  return { id, memberIds: [await member(1), await member(2)] };
}

async function partner(): Promise<Actor> {
  const organisationId = await insert(db, 'organisation', { tenant_id: m.tenantId, name: `School ${randomUUID().slice(0, 6)}`, kind: 'school' });
  const id = randomUUID();
  await db.query(`INSERT INTO professional (id, tenant_id, organisation_id, auth_subject, email, name, roles) VALUES ($1, $2, $3, $4, $5, 'P', $6)`, [
    id,
    m.tenantId,
    organisationId,
    `sub-${id}`,
    `${id}@example.test`,
    ['professional'],
  ]);
  return { kind: 'professional', professionalId: id, tenantId: m.tenantId, organisationId, roles: ['professional'] };
}

const consent = (householdId: string, organisationId: string, values: { memberId?: string; domains?: string[] } = {}) =>
  insert(db, 'consent', {
    tenant_id: m.tenantId,
    household_id: householdId,
    organisation_id: organisationId,
    member_id: values.memberId ?? null,
    scope_domains: values.domains ?? null,
    purpose: 'school',
    basis: 'consent',
    valid_from: '2026-01-01',
    recorded_by_id: m.coordinatorId,
    recorded_at: new Date(),
  });

const link = (householdId: string, actor: Actor, values: { consentId?: string; domains?: string[]; memberIds?: string[]; bsn?: boolean; contactNotes?: boolean } = {}) =>
  insert(db, 'care_team_link', {
    tenant_id: m.tenantId,
    household_id: householdId,
    organisation_id: actor.organisationId,
    professional_id: actor.professionalId,
    role: 'school',
    basis: values.consentId ? 'consent' : 'legal_obligation',
    consent_id: values.consentId ?? null,
    starts_on: '2026-01-01',
    created_by_id: m.coordinatorId,
    scope_domains: values.domains ?? null,
    scope_member_ids: values.memberIds ?? null,
    scope_bsn: values.bsn ?? true,
    scope_contact_notes: values.contactNotes ?? true,
  });

describe('eenplan_scope_covers', () => {
  it('answers as fenceCovers for every fence and item', async () => {
    await fc.assert(
      fc.asyncProperty(fenceArb, itemArb, async (fence, item) => {
        const params: unknown[] = [fence.domains, fence.memberIds, fence.bsn, fence.contactNotes];
        const sql = sqlItem(item, (v) => `$${params.push(v)}`);
        const [row] = await db.query<Array<{ covers: boolean }>>(
          `SELECT eenplan_scope_covers($1::varchar[], $2::uuid[], $3, $4, ${sql.domains ?? 'NULL'}, ${sql.memberIds ?? 'NULL'}, ${sql.category ?? 'NULL'}) AS covers`,
          params,
        );
        expect(row!.covers).toBe(fenceCovers(fence, item));
      }),
      { numRuns: 200 },
    );
  });
});

describe("a reader's scope: the link and the consent it rests on", () => {
  it('SQL (readerCoversSql) and the application (readerGrants + scopeCovers) agree on every item', async () => {
    const h = await household();
    const [child, parent] = h.memberIds as [string, string];
    const school = await partner();
    const consentId = await consent(h.id, school.organisationId, { memberId: child, domains: ['finances', 'parenting'] });
    await link(h.id, school, { consentId, domains: ['parenting', 'housing'], bsn: false });

    const grants = (await access.readerGrants(school, [h.id], TODAY)).get(h.id)!;
    expect(grants).toHaveLength(1);
    const scope: ReaderScope = { full: false, grants };
    const items: CaseItem[] = [
      { domains: ['parenting'] },
      { domains: ['finances'] },
      { domains: ['housing'] },
      { domains: ['parenting'], memberIds: [child] },
      { domains: ['parenting'], memberIds: [parent] },
      { memberIds: [child] },
      { memberIds: [child, parent] },
      { memberIds: [] },
      { memberIds: [child], category: 'bsn' },
      { memberIds: [child], category: 'contact_notes' },
      {},
    ];
    const answers = [];
    for (const item of items) {
      const params: unknown[] = [];
      const condition = access.readerCoversSql(school, `'${h.id}'::uuid`, sqlItem(item, (v) => `$${params.push(v)}`), TODAY, (v) => `$${params.push(v)}`);
      const [row] = await db.query<Array<{ covers: boolean }>>(`SELECT ${condition} AS covers`, params);
      answers.push({ item, sql: row!.covers, app: scopeCovers(scope, item) });
    }
    expect(answers.filter((a) => a.sql !== a.app)).toEqual([]);
    // the consent narrows the link: parenting of the child only — and no contact notes, whatever the link says: a
    // consent for some life domains does not cover free text that may be about any of them
    expect(answers.filter((a) => a.app).map((a) => a.item)).toEqual([
      { domains: ['parenting'] },
      { domains: ['parenting'], memberIds: [child] },
      { memberIds: [child] },
      {},
    ]);
  });

  it("a consent for every life domain opens the member's contact notes as far as the link does; one for some domains does not", async () => {
    const h = await household();
    const [child] = h.memberIds as [string, string];
    const note: CaseItem = { memberIds: [child], category: 'contact_notes' };
    const covers = async (reader: Actor) => {
      const params: unknown[] = [];
      const condition = access.readerCoversSql(reader, `'${h.id}'::uuid`, sqlItem(note, (v) => `$${params.push(v)}`), TODAY, (v) => `$${params.push(v)}`);
      const [row] = await db.query<Array<{ covers: boolean }>>(`SELECT ${condition} AS covers`, params);
      const app = scopeCovers({ full: false, grants: (await access.readerGrants(reader, [h.id], TODAY)).get(h.id)! }, note);
      expect(row!.covers).toBe(app);
      return app;
    };
    const everyDomain = await partner();
    await link(h.id, everyDomain, { consentId: await consent(h.id, everyDomain.organisationId, { memberId: child }) });
    const housingOnly = await partner();
    await link(h.id, housingOnly, { consentId: await consent(h.id, housingOnly.organisationId, { memberId: child, domains: ['housing'] }) });
    const notesLeftOut = await partner();
    await link(h.id, notesLeftOut, { consentId: await consent(h.id, notesLeftOut.organisationId, { memberId: child }), contactNotes: false });
    expect([await covers(everyDomain), await covers(housingOnly), await covers(notesLeftOut)]).toEqual([true, false, false]);
  });

  it('two links of a reader open what either opens, never a mix of the two', async () => {
    const h = await household();
    const [child, parent] = h.memberIds as [string, string];
    const teacher = await partner();
    await link(h.id, teacher, { domains: ['parenting'], memberIds: [child] });
    // the organisation-level link of the teacher's organisation
    await insert(db, 'care_team_link', {
      tenant_id: m.tenantId,
      household_id: h.id,
      organisation_id: teacher.organisationId,
      role: 'school',
      basis: 'legal_obligation',
      starts_on: '2026-01-01',
      created_by_id: m.coordinatorId,
      scope_domains: ['housing'],
      scope_member_ids: [parent],
    });
    const scope: ReaderScope = { full: false, grants: (await access.readerGrants(teacher, [h.id], TODAY)).get(h.id)! };
    expect(scope.grants).toHaveLength(2);
    expect(scopeCovers(scope, { domains: ['parenting'], memberIds: [child] })).toBe(true);
    expect(scopeCovers(scope, { domains: ['housing'], memberIds: [parent] })).toBe(true);
    expect(scopeCovers(scope, { domains: ['housing'], memberIds: [child] })).toBe(false);
    expect(scopeCovers(scope, { domains: ['parenting'], memberIds: [parent] })).toBe(false);
  });

  it('an ended link opens nothing', async () => {
    const h = await household();
    const teacher = await partner();
    const id = await link(h.id, teacher);
    await db.query('UPDATE care_team_link SET ended_at = now() WHERE id = $1', [id]);
    expect((await access.readerGrants(teacher, [h.id], TODAY)).get(h.id)).toEqual([]);
  });
});

describe('what an outbox event is about (eventCaseItem) agrees with the application', () => {
  /** A resolved escalation (so the one-open index never refuses the next) and the event that opened it. */
  async function escalationEvent(householdId: string, domainCodes: string[], memberIds: string[]): Promise<string> {
    const escalationId = await insert(db, 'escalation', {
      tenant_id: m.tenantId,
      household_id: householdId,
      reason: 'Zorgen',
      opened_by_id: m.coordinatorId,
      opened_at: new Date('2026-06-01T10:00:00Z'),
      resolved_at: new Date('2026-06-02T10:00:00Z'),
      resolved_by_id: m.coordinatorId,
      outcome: 'Opgelost',
      domain_codes: domainCodes,
      member_ids: memberIds,
    });
    return insert(db, 'outbox_event', {
      tenant_id: m.tenantId,
      type: 'escalation.opened',
      aggregate_type: 'escalation',
      aggregate_id: escalationId,
      household_id: householdId,
      payload: { escalationId },
      occurred_at: new Date('2026-06-01T10:00:00Z'),
    });
  }

  const coversEvent = async (reader: Actor, eventId: string) => {
    const params: unknown[] = [eventId];
    const condition = access.readerCoversSql(reader, 'e.household_id', eventCaseItem('e'), TODAY, (v) => `$${params.push(v)}`);
    const [row] = await db.query<Array<{ covers: boolean }>>(`SELECT ${condition} AS covers FROM outbox_event e WHERE e.id = $1`, params);
    return row!.covers;
  };

  it('an escalation event: SQL over the escalation row answers as scopeCovers over escalationItem, for every link and escalation', async () => {
    const h = await household();
    let shown = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ domains: nullable(subset(DOMAINS)), memberIds: nullable(subset(h.memberIds)), contactNotes: fc.boolean() }),
        subset(DOMAINS),
        subset(h.memberIds),
        async (fence, domainCodes, memberIds) => {
          const reader = await partner();
          await link(h.id, reader, { ...(fence.domains && { domains: fence.domains }), ...(fence.memberIds && { memberIds: fence.memberIds }), contactNotes: fence.contactNotes });
          const scope: ReaderScope = { full: false, grants: (await access.readerGrants(reader, [h.id], TODAY)).get(h.id)! };
          const app = scopeCovers(scope, escalationItem({ domainCodes, memberIds }));
          if (app) shown += 1;
          expect({ fence, domainCodes, memberIds, sql: await coversEvent(reader, await escalationEvent(h.id, domainCodes, memberIds)) }).toEqual({ fence, domainCodes, memberIds, sql: app });
        },
      ),
      { numRuns: 60 },
    );
    // the generator reached both answers
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(60);
  });

  it("an escalation no longer found, and another organisation's signal, are seen only by a reader of the whole case", async () => {
    const h = await household();
    const whole = await partner();
    await link(h.id, whole);
    const narrowed = await partner();
    await link(h.id, narrowed, { domains: ['finances', 'housing', 'parenting'] });
    const ofMember = await partner();
    await link(h.id, ofMember, { memberIds: h.memberIds });
    const event = (type: string, aggregateType: string, payload: Record<string, unknown>) =>
      insert(db, 'outbox_event', { tenant_id: m.tenantId, type, aggregate_type: aggregateType, aggregate_id: randomUUID(), household_id: h.id, payload, occurred_at: new Date('2026-06-01T10:00:00Z') });
    const events = [
      await event('escalation.resolved', 'escalation', { escalationId: randomUUID() }),
      await event('signal.received', 'signal', { signalId: randomUUID(), organisationId: randomUUID() }),
      await event('signal.matched', 'signal', { matchId: randomUUID(), householdId: h.id, signalIds: [], organisationIds: [], signallerIds: [] }),
      await event('signal.acknowledged', 'signal', { signalId: randomUUID(), organisationId: randomUUID() }),
    ];
    for (const id of events) {
      expect([await coversEvent(whole, id), await coversEvent(narrowed, id), await coversEvent(ofMember, id)]).toEqual([true, false, false]);
    }
  });
});

describe('the database refuses scopes it cannot honour', () => {
  it('a life domain the municipality does not have, or a member of another household', async () => {
    const h = await household();
    const other = await household();
    const teacher = await partner();
    await expect(link(h.id, teacher, { domains: ['astrology'] })).rejects.toThrow(/life domain/);
    await expect(link(h.id, teacher, { memberIds: [other.memberIds[0]!] })).rejects.toThrow(/member outside the household/);
    await expect(consent(h.id, teacher.organisationId, { memberId: other.memberIds[0]! })).rejects.toThrow(/member outside the household/);
    await expect(consent(h.id, teacher.organisationId, { domains: ['astrology'] })).rejects.toThrow(/life domain/);
    expect(await link(h.id, teacher, { domains: ['housing'], memberIds: [h.memberIds[0]!] })).toBeDefined();
  });
});
