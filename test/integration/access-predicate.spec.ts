import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccessRepository } from '../../src/access/access.repository.js';
import { careTeamLinkStands } from '../../src/access/care-team-link.predicate.js';
import type { Actor } from '../../src/common/request-context.js';
import type { Role } from '../../src/common/roles.js';
import type { TransactionHost } from '../../src/database/transaction-host.js';
import { preparedStatement, statementValues } from '../../src/database/prepared-statement.js';

/**
 * The repository tier (issue 9): the access predicate straight against PostgreSQL, without HTTP. Rows are
 * written with plain SQL as the schema owner; the repository reads through a data source without entities,
 * as it only issues SQL. Every case builds its own municipality.
 */
const TODAY = '2026-06-15';
const YESTERDAY = '2026-06-14';
const TOMORROW = '2026-06-16';
/** The moment emergency access grants are judged at (today, a little after noon). */
const NOW = new Date('2026-06-15T12:00:00Z');

let ds: DataSource;
let access: AccessRepository;

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is set by test/setup/global-setup.ts: run the tests through Jest');
  ds = await new DataSource({ type: 'postgres', url, entities: [], extra: { max: 2 } }).initialize();
  access = new AccessRepository({ manager: ds.manager } as unknown as TransactionHost);
});

afterAll(async () => {
  await ds?.destroy();
});

async function insert(sql: string, params: unknown[]): Promise<string> {
  const rows = await ds.query<Array<{ id: string }>>(`${sql} RETURNING id`, params);
  return rows[0]!.id;
}

/** A municipality with a partner organisation (a worker and a colleague), the municipal team and its people. */
async function municipality() {
  const suffix = randomUUID().slice(0, 8);
  const tenantId = await insert(`INSERT INTO tenant (name, slug) VALUES ($1, $2)`, [`Access ${suffix}`, `access-${suffix}`]);
  const partner = await insert(`INSERT INTO organisation (tenant_id, name, kind) VALUES ($1, 'Partner', 'youth_care')`, [tenantId]);
  const team = await insert(`INSERT INTO organisation (tenant_id, name, kind) VALUES ($1, 'Team', 'municipal_team')`, [tenantId]);
  const person = async (organisationId: string, roles: Role[]): Promise<Actor> => {
    const id = randomUUID();
    await ds.query(`INSERT INTO professional (id, tenant_id, organisation_id, auth_subject, email, name, roles) VALUES ($1, $2, $3, $4, $5, 'P', $6)`, [
      id,
      tenantId,
      organisationId,
      `sub-${id}`,
      `${id}@example.test`,
      roles,
    ]);
    return { kind: 'professional', professionalId: id, tenantId, organisationId, roles };
  };
  const worker = await person(partner, ['professional']);
  const colleague = await person(partner, ['professional']);
  const coordinator = await person(team, ['coordinator']);
  const admin = await person(team, ['admin']);
  const household = () =>
    insert(
      `INSERT INTO household (tenant_id, postcode, house_number, district, address_hash, status, registration_reason, risk_level, registered_at)
       VALUES ($1, '1234AB', 1, 'Centrum', $2, 'active', 'test', 'low', now())`,
      [tenantId, randomUUID()],
    );
  const consent = (householdId: string, organisationId: string, values: { validUntil?: string; withdrawn?: boolean } = {}) =>
    insert(
      `INSERT INTO consent (tenant_id, household_id, organisation_id, purpose, basis, valid_from, valid_until, recorded_by_id, recorded_at, withdrawn_at, withdrawn_by_id)
       VALUES ($1, $2, $3, 'support', 'consent', $4, $5, $6, now(), $7, $8)`,
      [tenantId, householdId, organisationId, '2026-01-01', values.validUntil ?? null, admin.professionalId, values.withdrawn ? new Date() : null, values.withdrawn ? admin.professionalId : null],
    );
  const link = (
    householdId: string,
    values: { professional?: Actor; organisationId?: string; basis?: string; consentId?: string; startsOn?: string; endsOn?: string; endedAt?: Date },
  ) =>
    insert(
      `INSERT INTO care_team_link (tenant_id, household_id, organisation_id, professional_id, role, basis, consent_id, starts_on, ends_on, ended_at, created_by_id)
       VALUES ($1, $2, $3, $4, 'support', $5, $6, $7, $8, $9, $10)`,
      [
        tenantId,
        householdId,
        values.professional?.organisationId ?? values.organisationId ?? partner,
        values.professional?.professionalId ?? null,
        values.basis ?? 'legal_obligation',
        values.consentId ?? null,
        values.startsOn ?? '2026-01-01',
        values.endsOn ?? null,
        values.endedAt ?? null,
        admin.professionalId,
      ],
    );
  const coordinate = (householdId: string, who: Actor) =>
    insert(
      `INSERT INTO coordinator_assignment (tenant_id, household_id, professional_id, started_at, reason, assigned_by_id) VALUES ($1, $2, $3, now(), 'test', $4)`,
      [tenantId, householdId, who.professionalId, admin.professionalId],
    );
  return { partner, worker, colleague, coordinator, admin, household, consent, link, coordinate };
}

/** `sql` (named parameters) with the access parameters of `actor` and `householdId`; its rows. */
async function rowsOf(sql: string, actor: Actor, householdId: string): Promise<Array<Record<string, unknown>>> {
  const statement = preparedStatement('t', sql);
  return ds.query(statement.text, statementValues(statement, { ...access.visibilityParams(actor, TODAY, NOW), householdId }));
}

/**
 * A read of one household (`singleRead`, the household and plan reads) and a list (`visibleHouseholds` with
 * `basisColumns`) must give the same answer — visible or not, on the same basis, the same grants — and the single
 * read the household's accountable coordinator.
 */
async function expectBothFormsAgree(actor: Actor, householdId: string): Promise<void> {
  const columns = (list: Array<[string, string]>) => list.map(([expression, name]) => `${expression} AS ${name}`).join(', ');
  const list = await rowsOf(`SELECT ${columns(access.basisColumns(actor, 'h'))} FROM household h WHERE h.id = :householdId AND (${access.visibleHouseholds(actor, 'h', TODAY, NOW).sql})`, actor, householdId);
  const single = access.singleRead(actor, 'h', { activeCoordinator: true });
  const [row, ...more] = await rowsOf(`SELECT ${columns(single.basisColumns)} FROM household h${single.joins} WHERE h.id = :householdId AND (${single.where})`, actor, householdId);
  expect(more).toEqual([]);
  const { access_active_coordinator_id: accountable, ...basis } = row ?? {};
  expect(row === undefined ? [] : [basis]).toEqual(list);
  if (row) expect(accountable ?? undefined).toBe(await access.activeCoordinatorId(householdId));
}

/** The three levels as the repository answers them: visible (with its ground), case worker, case manager. */
async function levels(actor: Actor, householdId: string) {
  await expectBothFormsAgree(actor, householdId);
  const basis = (await access.legalBases(actor, [householdId], TODAY, NOW)).get(householdId);
  return {
    visible: await access.isVisible(actor, householdId, TODAY, NOW),
    ground: basis?.basis ?? null,
    caseWorker: await access.isOnCareTeam(actor, householdId, TODAY),
    caseManager: (await access.activeCoordinatorId(householdId)) === actor.professionalId,
  };
}

/** Ids of the household's links that stand at instant `at` (the predicate as the notification fan-out uses it). */
async function standingAt(householdId: string, at: Date): Promise<string[]> {
  const rows = await ds.query<Array<{ id: string }>>(`SELECT ct.id FROM care_team_link ct WHERE ct.household_id = $1 AND ${careTeamLinkStands('ct', { at: '$2' })}`, [
    householdId,
    at,
  ]);
  return rows.map((r) => r.id);
}

describe('the care-team link predicate, straight against PostgreSQL', () => {
  it('a link on a legal basis makes its professional a visible case worker, not a case manager', async () => {
    const m = await municipality();
    const household = await m.household();
    await m.link(household, { professional: m.worker });

    expect(await levels(m.worker, household)).toEqual({ visible: true, ground: 'care_team_legal_obligation', caseWorker: true, caseManager: false });
    // a colleague of the same organisation is not on the team through someone else's personal link
    expect(await levels(m.colleague, household)).toEqual({ visible: false, ground: null, caseWorker: false, caseManager: false });
  });

  it('an organisation-level link covers every professional of that organisation', async () => {
    const m = await municipality();
    const household = await m.household();
    await m.link(household, { organisationId: m.partner });

    expect(await levels(m.colleague, household)).toMatchObject({ visible: true, caseWorker: true });
  });

  it('of several standing links the professional’s own decides the basis, before an older one of their organisation; each grants', async () => {
    const m = await municipality();
    const household = await m.household();
    await m.link(household, { organisationId: m.partner, basis: 'public_task' });
    await m.link(household, { professional: m.worker, basis: 'vital_interest' });

    // the worker's own link decides though the organisation's is older; the colleague has only the organisation's
    expect(await levels(m.worker, household)).toEqual({ visible: true, ground: 'care_team_vital_interest', caseWorker: true, caseManager: false });
    expect(await levels(m.colleague, household)).toMatchObject({ visible: true, ground: 'care_team_public_task' });
    const single = access.singleRead(m.worker, 'h');
    const [row] = await rowsOf(`SELECT access_link.grants AS grants FROM household h${single.joins} WHERE h.id = :householdId`, m.worker, household);
    expect((row?.grants as unknown[]).length).toBe(2);
  });

  it('a link on the basis of consent stands only while its consent is valid and not withdrawn', async () => {
    const m = await municipality();
    const valid = await m.household();
    const consentId = await m.consent(valid, m.partner);
    await m.link(valid, { professional: m.worker, basis: 'consent', consentId });
    const withdrawn = await m.household();
    await m.link(withdrawn, { professional: m.worker, basis: 'consent', consentId: await m.consent(withdrawn, m.partner, { withdrawn: true }) });
    const expired = await m.household();
    await m.link(expired, { professional: m.worker, basis: 'consent', consentId: await m.consent(expired, m.partner, { validUntil: YESTERDAY }) });

    expect(await levels(m.worker, valid)).toEqual({ visible: true, ground: 'care_team_consent', caseWorker: true, caseManager: false });
    expect((await access.legalBases(m.worker, [valid], TODAY)).get(valid)?.consentId).toBe(consentId);
    // the case-worker level applies the consent rule too (it used to check only the period)
    expect(await levels(m.worker, withdrawn)).toEqual({ visible: false, ground: null, caseWorker: false, caseManager: false });
    expect(await levels(m.worker, expired)).toEqual({ visible: false, ground: null, caseWorker: false, caseManager: false });
  });

  it('an ended link, or one outside its period, gives nothing today', async () => {
    const m = await municipality();
    const ended = await m.household();
    await m.link(ended, { professional: m.worker, endedAt: new Date(Date.now() - 60_000) });
    const future = await m.household();
    await m.link(future, { professional: m.worker, startsOn: TOMORROW });
    const past = await m.household();
    await m.link(past, { professional: m.worker, startsOn: '2026-01-01', endsOn: YESTERDAY });

    for (const household of [ended, future, past]) {
      expect(await levels(m.worker, household)).toEqual({ visible: false, ground: null, caseWorker: false, caseManager: false });
    }
  });

  it('at a moment T a link stands if it was ended or its consent withdrawn only after T', async () => {
    const m = await municipality();
    const household = await m.household();
    const before = new Date(Date.now() - 3_600_000);
    const endedLater = await m.link(household, { professional: m.worker, endedAt: new Date() });
    const consentId = await m.consent(household, m.partner, { withdrawn: true });
    const onWithdrawnConsent = await m.link(household, { professional: m.colleague, basis: 'consent', consentId });

    expect((await standingAt(household, before)).sort()).toEqual([endedLater, onWithdrawnConsent].sort());
    expect(await standingAt(household, new Date(Date.now() + 60_000))).toEqual([]);
  });

  it('the coordinator manages the case; an intake coordinator and an admin see it but are no case workers', async () => {
    const m = await municipality();
    const coordinated = await m.household();
    await m.coordinate(coordinated, m.coordinator);
    const waiting = await m.household();

    expect(await levels(m.coordinator, coordinated)).toEqual({ visible: true, ground: 'coordinator', caseWorker: false, caseManager: true });
    expect(await levels(m.coordinator, waiting)).toEqual({ visible: true, ground: 'intake', caseWorker: false, caseManager: false });
    expect(await levels(m.admin, waiting)).toEqual({ visible: true, ground: 'tenant_role', caseWorker: false, caseManager: false });
    // the partner's worker has no link: sees neither
    expect(await levels(m.worker, coordinated)).toMatchObject({ visible: false, caseWorker: false });
  });

  it('break-the-glass, a partner API client, a closed household and a hand-over: a single read answers as a list', async () => {
    const m = await municipality();
    const tenantId = m.worker.tenantId;
    const grant = (householdId: string, grantedAt: Date, expiresAt: Date) =>
      ds.query(`INSERT INTO emergency_access (tenant_id, household_id, professional_id, reason, granted_at, expires_at) VALUES ($1, $2, $3, 'Acute zorg, niemand bereikbaar', $4, $5)`, [
        tenantId,
        householdId,
        m.worker.professionalId,
        grantedAt,
        expiresAt,
      ]);
    const hour = 3_600_000;
    const granted = await m.household();
    await grant(granted, new Date(NOW.getTime() - hour), new Date(NOW.getTime() + hour));
    const lapsed = await m.household();
    await grant(lapsed, new Date(NOW.getTime() - 3 * hour), new Date(NOW.getTime() - hour));
    expect(await levels(m.worker, granted)).toEqual({ visible: true, ground: 'emergency', caseWorker: false, caseManager: false });
    expect(await levels(m.worker, lapsed)).toEqual({ visible: false, ground: null, caseWorker: false, caseManager: false });

    // a partner API client acts as its organisation: any standing link of it, personal or organisation-level
    const client: Actor = { kind: 'client', professionalId: m.colleague.professionalId, clientId: 'client-1', scopes: ['case:read'], tenantId, organisationId: m.partner, roles: [] };
    const linkedPersonally = await m.household();
    await m.link(linkedPersonally, { professional: m.worker });
    expect(await levels(client, linkedPersonally)).toMatchObject({ visible: true, ground: 'care_team_legal_obligation' });
    expect(await levels(client, granted)).toMatchObject({ visible: false, ground: null });

    // a closed household without coordinator is no intake case
    const closed = await m.household();
    await ds.query(`UPDATE household SET status = 'closed', closed_at = now() WHERE id = $1`, [closed]);
    expect(await levels(m.coordinator, closed)).toMatchObject({ visible: false, ground: null });

    // during a hand-over's overlap the previous coordinator still sees the case, no longer accountable
    const handedOver = await m.household();
    await ds.query(
      `INSERT INTO coordinator_assignment (tenant_id, household_id, professional_id, started_at, ended_at, overlap_until, end_kind, end_reason, reason, assigned_by_id)
       VALUES ($1, $2, $3, now() - interval '2 days', now() - interval '1 minute', now() + interval '1 day', 'handed_over', 'test', 'test', $4)`,
      [tenantId, handedOver, m.coordinator.professionalId, m.admin.professionalId],
    );
    await m.coordinate(handedOver, m.admin);
    expect(await levels(m.coordinator, handedOver)).toEqual({ visible: true, ground: 'coordinator', caseWorker: false, caseManager: false });
  });
});
