import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { AccessDecision, AccessGround } from './access-decision.js';
import { careTeamLinkStands } from './care-team-link.predicate.js';
import { emergencyAccessOf } from './emergency-access.predicate.js';
import { consentFence, membersOpened, type ScopeGrant } from './reader-scope.js';
import { linkCoversItem, type SqlCaseItem } from './reader-scope.sql.js';

/** One standing link of the reader with the consent it rests on: the columns both `readerGrants` and `basisColumns` read. */
const GRANT_FIELDS = [
  ['linkId', 'gct.id'],
  ['domains', 'gct.scope_domains'],
  ['memberIds', 'gct.scope_member_ids'],
  ['bsn', 'gct.scope_bsn'],
  ['contactNotes', 'gct.scope_contact_notes'],
  ['consentId', 'gc.id'],
  ['consentDomains', 'gc.scope_domains'],
  ['consentMemberId', 'gc.member_id'],
] as const;

interface GrantRow {
  linkId: string;
  domains: string[] | null;
  memberIds: string[] | null;
  bsn: boolean;
  contactNotes: boolean;
  consentId: string | null;
  consentDomains: string[] | null;
  consentMemberId: string | null;
}

const toGrant = (r: GrantRow): ScopeGrant => ({
  linkId: r.linkId,
  fences: [
    { domains: r.domains, memberIds: r.memberIds, bsn: r.bsn, contactNotes: r.contactNotes },
    ...(r.consentId ? [consentFence({ scopeDomains: r.consentDomains, memberId: r.consentMemberId })] : []),
  ],
});

/** The actor's standing links to a household (`gct`) with their consents (`gc`), as `grantsSql` and `singleRead` read them. */
const GRANTS_FROM = 'care_team_link gct LEFT JOIN consent gc ON gc.id = gct.consent_id';
const GRANTS_AGGREGATE = `coalesce(json_agg(json_build_object(${GRANT_FIELDS.map(([name, column]) => `'${name}', ${column}`).join(', ')}) ORDER BY gct.created_at, gct.id), '[]')`;
/** Of several standing links the one that decides the basis: the actor's own before their organisation's, then the oldest. */
const decidingOrder = (ct: string) => `(${ct}.professional_id IS NULL), ${ct}.created_at, ${ct}.id`;
const DECIDING_LINK = ['basis', 'consent_id'] as const;

/** The output names of `AccessRepository.basisColumns` (prefixed, so they never collide with a read's own columns). */
const BASIS_COLUMNS = { isCoordinator: 'access_is_coordinator', linkBasis: 'access_link_basis', linkConsentId: 'access_link_consent_id', isEmergency: 'access_is_emergency', grants: 'access_grants' } as const;

/** The output name of the accountable coordinator in a `singleRead` with `activeCoordinator`. */
const ACTIVE_COORDINATOR_COLUMN = 'access_active_coordinator_id';

export interface SqlFragment {
  sql: string;
  params: Record<string, unknown>;
}

/** The need-to-know rule for a read of one household (`AccessRepository.singleRead`). */
export interface SingleReadSql {
  /** LATERAL joins to follow the household's FROM item. */
  joins: string;
  /** The caller may see the household. */
  where: string;
  /** Select expressions and their output names: on which basis. */
  basisColumns: Array<[expression: string, name: string]>;
}

/** A care-team link (alias `ct`) that gives access today (the one rule, see care-team-link.predicate.ts). */
/** The request's moment, for emergency access grants and hand-over overlaps (a timestamptz parameter from the app's clock). */
const REQUEST_NOW = 'CAST(:accessNow AS timestamptz)';

function linkStands(ct: string): string {
  return careTeamLinkStands(ct, { now: { today: 'CAST(:accessToday AS date)' } });
}

/**
 * The actor coordinates household `alias` (assignment alias `ca`); during a hand-over's overlap the previous
 * coordinator stays involved (not accountable) — only while the household is open and they still hold the
 * coordinator role, judged at the request's moment. Who lost the role, moved organisation or left has their overlaps
 * ended as well (`CoordinationRepository.endOverlapsOf`); closing a case ends its overlaps with its involvement.
 */
function coordinates(alias: string, ca: string): string {
  const overlap = `${ca}.overlap_until > ${REQUEST_NOW} AND ${alias}.status <> 'closed' AND CAST(:accessHoldsCoordinatorRole AS boolean)`;
  return `EXISTS (SELECT 1 FROM coordinator_assignment ${ca} WHERE ${ca}.household_id = ${alias}.id AND (${ca}.ended_at IS NULL OR (${overlap})) AND ${ca}.professional_id = :accessActorId)`;
}

/** The household's accountable coordinator (the one assignment that has not ended), or NULL. */
function accountableCoordinatorSql(alias: string): string {
  return `(SELECT aca.professional_id FROM coordinator_assignment aca WHERE aca.household_id = ${alias}.id AND aca.ended_at IS NULL LIMIT 1)`;
}


/**
 * A link (alias `ct`) that is the actor's: a partner API client acts as its organisation (any link of it); a
 * professional has their own link or their organisation's organisation-level link.
 */
function linkOfActor(actor: Actor, ct: string): string {
  if (actor.kind === 'client') return `${ct}.organisation_id = :accessOrgId`;
  return `(${ct}.professional_id = :accessActorId OR (${ct}.professional_id IS NULL AND ${ct}.organisation_id = :accessOrgId))`;
}

/**
 * The need-to-know rule as SQL, so lists and single reads apply exactly the same rule (in two forms built from the
 * same predicates: `visibleHouseholds` for lists, `singleRead` for one household; an integration test holds them
 * to the same answers):
 * supervisors and admins see their tenant; others see households they coordinate, households whose active
 * care team includes them or (organisation-level link) their organisation within the link's period, and —
 * for the coordinator role — open households waiting for a coordinator, so intake can pick them up.
 */
@Injectable()
export class AccessRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** `now`: the moment emergency access grants are judged at (the request's clock; real time where a test leaves it out). */
  visibleHouseholds(actor: Actor, alias: string, today: string, now: Date = new Date()): SqlFragment {
    const params = this.visibilityParams(actor, today, now);
    if (actor.kind === 'client') {
      // A partner API client acts as its organisation: households where any active, current link of that organisation
      // (organisation-level or one of its professionals) rests on a valid basis. Never coordinator, supervisor or admin.
      const sql =
        `${alias}.tenant_id = :accessTenantId AND EXISTS (SELECT 1 FROM care_team_link ct WHERE ct.household_id = ${alias}.id` +
        ` AND ${linkOfActor(actor, 'ct')} AND ${linkStands('ct')})`;
      return { sql, params };
    }
    if (actor.roles.includes('supervisor') || actor.roles.includes('admin')) {
      return { sql: `${alias}.tenant_id = :accessTenantId`, params };
    }
    const vacant = actor.roles.includes('coordinator')
      ? ` OR (${alias}.status <> 'closed' AND NOT EXISTS (SELECT 1 FROM coordinator_assignment v WHERE v.household_id = ${alias}.id AND v.ended_at IS NULL))`
      : '';
    const sql =
      `${alias}.tenant_id = :accessTenantId AND (` +
      coordinates(alias, 'ca') +
      ` OR EXISTS (SELECT 1 FROM care_team_link ct WHERE ct.household_id = ${alias}.id AND ${linkOfActor(actor, 'ct')} AND ${linkStands('ct')})` +
      // break-the-glass: a standing emergency access grant of the professional (read level only, see access.service.ts)
      ` OR ${emergencyAccessOf(`${alias}.id`, ':accessActorId', REQUEST_NOW)}` +
      `${vacant})`;
    return { sql, params };
  }

  /** The values `visibleHouseholds` and `basisColumns` refer to (named parameters, prefixed `access`). */
  visibilityParams(actor: Actor, today: string, now: Date): Record<string, unknown> {
    return {
      accessTenantId: actor.tenantId,
      accessActorId: actor.professionalId,
      accessOrgId: actor.organisationId,
      accessToday: today,
      accessNow: now,
      accessHoldsCoordinatorRole: actor.kind === 'professional' && actor.roles.includes('coordinator'),
    };
  }

  /**
   * Everything the SQL of `visibleHouseholds`, `basisColumns` and `singleRead` depends on besides their parameters:
   * the kind of actor, a tenant-wide role, else the coordinator role (test/unit/prepared-reads.spec.ts holds them to
   * it). Two actors of the same shape get the same text, so a read can build its statement once per shape and
   * prepare it (see prepared-statement.ts). Keep it in step with those three.
   */
  readShape(actor: Actor): string {
    if (actor.kind === 'client') return 'client';
    if (isTenantWide(actor)) return 'professional:tenant-wide';
    return actor.roles.includes('coordinator') ? 'professional:coordinator' : 'professional';
  }

  /**
   * Select expressions (with their output names) that tell on which basis the actor sees household `alias`; they use
   * the parameters of `visibleHouseholds`, so they go into a statement that applies it. `decideBasis` reads them.
   * This lets a single read check visibility, learn the legal basis and fetch its data in one statement.
   */
  basisColumns(actor: Actor, alias: string): Array<[expression: string, name: string]> {
    const link = (column: string) =>
      `(SELECT bct.${column} FROM care_team_link bct WHERE ${this.activeLinkFor(actor, 'bct', alias)} ORDER BY ${decidingOrder('bct')} LIMIT 1)`;
    return [
      [coordinates(alias, 'bca'), BASIS_COLUMNS.isCoordinator],
      [link('basis'), BASIS_COLUMNS.linkBasis],
      [link('consent_id'), BASIS_COLUMNS.linkConsentId],
      [this.emergencySql(actor, alias), BASIS_COLUMNS.isEmergency],
      [this.grantsSql(actor, alias), BASIS_COLUMNS.grants],
    ];
  }

  /**
   * `visibleHouseholds` and `basisColumns` for a read of one household `alias`, with each fact read once: `joins`
   * (to follow the FROM item of `alias`) bring the actor's coordinator, emergency and accountable-coordinator facts,
   * and from one pass over their standing care-team links both the link that decides the basis and what all of them
   * grant (one scan where a LIMIT 1 subquery and the grants' subquery each read the links: ~15 % of a plan read's
   * server time, docs/benchmarks.md); `where` and `basisColumns` (the same output names) read them.
   * The list form sets up every subquery twice or four times — for one household ~20 index scans, most never run,
   * at a tenth of the database's CPU on a plan change (docs/benchmarks.md). Lists keep the list form (semi-joins
   * suit many rows). The same building blocks, so the same rule; test/integration/access-predicate.spec.ts holds the
   * two forms to the same answers. `activeCoordinator`: also the accountable coordinator (`activeCoordinatorOf`).
   */
  singleRead(actor: Actor, alias: string, options: { activeCoordinator?: boolean } = {}): SingleReadSql {
    const tenantWide = actor.kind !== 'client' && isTenantWide(actor);
    // the vacant-household rule of `visibleHouseholds`: a coordinator sees open households without coordinator
    const vacantRule = actor.kind !== 'client' && !tenantWide && actor.roles.includes('coordinator');
    const facts = [
      `${coordinates(alias, 'bca')} AS is_coordinator`,
      `${this.emergencySql(actor, alias)} AS is_emergency`,
      ...(vacantRule || options.activeCoordinator ? [`${accountableCoordinatorSql(alias)} AS active_coordinator_id`] : []),
    ];
    // OFFSET 0: evaluated once as a row, not pulled up and copied into every expression that reads it
    const joins =
      ` CROSS JOIN LATERAL (SELECT ${facts.join(', ')} OFFSET 0) access_facts` +
      ` LEFT JOIN LATERAL (SELECT ${DECIDING_LINK.map((column) => `(array_agg(gct.${column} ORDER BY ${decidingOrder('gct')}))[1] AS ${column}`).join(', ')}, ${GRANTS_AGGREGATE} AS grants` +
      ` FROM ${GRANTS_FROM} WHERE ${this.activeLinkFor(actor, 'gct', alias)}) access_link ON true`;
    // an aggregate always gives one row: `basis` is NULL exactly when the actor has no standing link (the column is NOT NULL)
    const linked = 'access_link.basis IS NOT NULL';
    const tenant = `${alias}.tenant_id = :accessTenantId`;
    const vacant = vacantRule ? ` OR (${alias}.status <> 'closed' AND access_facts.active_coordinator_id IS NULL)` : '';
    const where = actor.kind === 'client' ? `${tenant} AND ${linked}` : tenantWide ? tenant : `${tenant} AND (access_facts.is_coordinator OR ${linked} OR access_facts.is_emergency${vacant})`;
    const basisColumns: Array<[expression: string, name: string]> = [
      ['access_facts.is_coordinator', BASIS_COLUMNS.isCoordinator],
      ['access_link.basis', BASIS_COLUMNS.linkBasis],
      ['access_link.consent_id', BASIS_COLUMNS.linkConsentId],
      ['access_facts.is_emergency', BASIS_COLUMNS.isEmergency],
      ['access_link.grants', BASIS_COLUMNS.grants],
    ];
    if (options.activeCoordinator) basisColumns.push(['access_facts.active_coordinator_id', ACTIVE_COORDINATOR_COLUMN]);
    return { joins, where, basisColumns };
  }

  /** A standing emergency access grant of the actor; clients never hold one, supervisors and admins see the household on their role anyway. */
  private emergencySql(actor: Actor, alias: string): string {
    return actor.kind === 'client' || isTenantWide(actor) ? 'false' : emergencyAccessOf(`${alias}.id`, ':accessActorId', REQUEST_NOW);
  }

  /** What the actor's standing links cover (purpose limitation), so a partner's read needs no second query. */
  private grantsSql(actor: Actor, alias: string): string {
    return `(SELECT ${GRANTS_AGGREGATE} FROM ${GRANTS_FROM} WHERE ${this.activeLinkFor(actor, 'gct', alias)})`;
  }

  /**
   * The legal basis from a row that carries `basisColumns`. Most specific basis first: coordinator, the tenant-wide
   * role, a care-team link (the actor's own before the organisation's), an emergency access grant (break-the-glass),
   * then intake (a coordinator seeing a household without coordinator).
   */
  decideBasis(actor: Actor, row: Record<string, unknown>): AccessDecision {
    const linkBasis = row[BASIS_COLUMNS.linkBasis] as string | null | undefined;
    if (row[BASIS_COLUMNS.isCoordinator] === true) return { basis: 'coordinator', consentId: null };
    if (isTenantWide(actor)) return { basis: 'tenant_role', consentId: null };
    if (linkBasis) {
      const decision: AccessDecision = { basis: `care_team_${linkBasis}` as AccessGround, consentId: (row[BASIS_COLUMNS.linkConsentId] as string | null | undefined) ?? null };
      // a link narrowed to some members: the audit trail names them, not the household as a whole (a link that opens
      // no member at all stays household-wide: an event's empty member list means "the household", never "nobody")
      const members = membersOpened({ full: false, grants: this.grantsOf(row) });
      return members === null || members.length === 0 ? decision : { ...decision, memberIds: members };
    }
    if (row[BASIS_COLUMNS.isEmergency] === true) return { basis: 'emergency', consentId: null };
    return { basis: 'intake', consentId: null };
  }

  /**
   * For each of `householdIds` the actor may see: the legal basis that lets them (for the audit trail). Uses the
   * same predicate as `visibleHouseholds`, so a household missing from the answer is one the actor may not see;
   * the basis is decided by `decideBasis`, as for single reads.
   */
  async legalBases(actor: Actor, householdIds: string[], today: string, now: Date = new Date()): Promise<Map<string, AccessDecision>> {
    const bases = new Map<string, AccessDecision>();
    if (householdIds.length === 0) return bases;
    const visible = this.visibleHouseholds(actor, 'h', today, now);
    const qb = this.tx.manager.createQueryBuilder().select('h.id', 'household_id');
    for (const [expression, name] of this.basisColumns(actor, 'h')) qb.addSelect(expression, name);
    const rows = await qb
      .from('household', 'h')
      .where('h.id IN (:...basisHouseholdIds)', { basisHouseholdIds: householdIds })
      .andWhere(visible.sql, visible.params)
      .getRawMany<Record<string, unknown> & { household_id: string }>();
    for (const row of rows) bases.set(row.household_id, this.decideBasis(actor, row));
    return bases;
  }

  /** An active care-team link of the actor (or their organisation) to household `h`, resting on a basis that stands. */
  private activeLinkFor(actor: Actor, ct: string, household = 'h'): string {
    return `${ct}.household_id = ${household}.id AND ${linkOfActor(actor, ct)} AND ${linkStands(ct)}`;
  }

  /**
   * On the household's care team today: a standing link (the consent rule included) of the actor — their own
   * professional-level link, or an organisation-level link of their organisation. The case-worker level.
   */
  async isOnCareTeam(actor: Actor, householdId: string, today: string): Promise<boolean> {
    const rows = await this.tx.manager.query<unknown[]>(
      `SELECT 1 FROM care_team_link ct
        WHERE ct.tenant_id = $1 AND ct.household_id = $2
          AND (ct.professional_id = $3 OR (ct.professional_id IS NULL AND ct.organisation_id = $4))
          AND ${careTeamLinkStands('ct', { now: { today: 'CAST($5 AS date)' } })}
        LIMIT 1`,
      [actor.tenantId, householdId, actor.professionalId, actor.organisationId, today],
    );
    return rows.length > 0;
  }

  /**
   * Whether a professional or an organisation works on the household today, as an action's owner must: the
   * household's coordinator (or, for an organisation, its coordinator's organisation), a supervisor, or on its care
   * team (a standing link of their own, or an organisation-level link of their organisation).
   */
  async worksOn(owner: { professionalId: string | null; organisationId: string; supervisor: boolean }, householdId: string, today: string): Promise<boolean> {
    if (owner.supervisor) return true;
    const [row] = await this.tx.manager.query<Array<{ works: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM coordinator_assignment ca JOIN professional p ON p.id = ca.professional_id
                       WHERE ca.household_id = $1 AND ca.ended_at IS NULL AND (ca.professional_id = $2 OR ($2::uuid IS NULL AND p.organisation_id = $3)))
           OR EXISTS (SELECT 1 FROM care_team_link ct
                       WHERE ct.household_id = $1 AND ${careTeamLinkStands('ct', { now: { today: 'CAST($4 AS date)' } })}
                         AND (($2::uuid IS NOT NULL AND ct.professional_id = $2) OR (ct.organisation_id = $3 AND ($2::uuid IS NULL OR ct.professional_id IS NULL)))) AS works`,
      [householdId, owner.professionalId, owner.organisationId, today],
    );
    return row?.works === true;
  }

  async isVisible(actor: Actor, householdId: string, today: string, now: Date = new Date()): Promise<boolean> {
    const visible = this.visibleHouseholds(actor, 'h', today, now);
    const count = await this.tx.manager
      .createQueryBuilder()
      .select('1')
      .from('household', 'h')
      .where('h.id = :householdId', { householdId })
      .andWhere(visible.sql, visible.params)
      .getRawOne<unknown>();
    return count !== undefined;
  }

  /**
   * The scopes of the actor's links that stand today on the household (purpose limitation): per link its own fence
   * and, when it rests on a recorded consent, the consent's. The same links `visibleHouseholds` lets through.
   */
  async readerGrants(actor: Actor, householdIds: string[], today: string): Promise<Map<string, ScopeGrant[]>> {
    const grants = new Map<string, ScopeGrant[]>(householdIds.map((id) => [id, []]));
    if (householdIds.length === 0) return grants;
    const qb = this.tx.manager.createQueryBuilder().select('gct.household_id', 'household_id');
    for (const [name, column] of GRANT_FIELDS) qb.addSelect(column, name);
    const rows = await qb
      .from('care_team_link', 'gct')
      .leftJoin('consent', 'gc', 'gc.id = gct.consent_id')
      .where('gct.tenant_id = :accessTenantId AND gct.household_id IN (:...scopeHouseholdIds)', { accessTenantId: actor.tenantId, scopeHouseholdIds: householdIds })
      .andWhere(`${linkOfActor(actor, 'gct')} AND ${linkStands('gct')}`, { accessActorId: actor.professionalId, accessOrgId: actor.organisationId, accessToday: today })
      .orderBy('gct.created_at')
      .addOrderBy('gct.id')
      .getRawMany<GrantRow & { household_id: string }>();
    for (const r of rows) grants.get(r.household_id)?.push(toGrant(r));
    return grants;
  }

  /** The grants a `basisColumns` row carries (its standing links with their consents), in `readerGrants`' shape. */
  grantsOf(row: Record<string, unknown>): ScopeGrant[] {
    return ((row[BASIS_COLUMNS.grants] as GrantRow[] | null | undefined) ?? []).map(toGrant);
  }


  /**
   * SQL condition: one of the actor's links to household `householdSql` that stands today opens the item (the
   * purpose-limitation predicate, for a narrowed reader's lists). Values through `param` (positional parameters).
   */
  readerCoversSql(actor: Actor, householdSql: string, item: SqlCaseItem, today: string, param: (value: unknown) => string): string {
    const mine =
      actor.kind === 'client'
        ? `rct.organisation_id = ${param(actor.organisationId)}::uuid`
        : `(rct.professional_id = ${param(actor.professionalId)}::uuid OR (rct.professional_id IS NULL AND rct.organisation_id = ${param(actor.organisationId)}::uuid))`;
    return (
      `EXISTS (SELECT 1 FROM care_team_link rct WHERE rct.household_id = ${householdSql} AND ${mine}` +
      ` AND ${careTeamLinkStands('rct', { now: { today: `${param(today)}::date` } }, 'rcs')} AND ${linkCoversItem('rct', item)})`
    );
  }

  /** The accountable coordinator a `singleRead` row with `activeCoordinator` carries. */
  activeCoordinatorOf(row: Record<string, unknown>): string | undefined {
    return (row[ACTIVE_COORDINATOR_COLUMN] as string | null | undefined) ?? undefined;
  }

  async activeCoordinatorId(householdId: string): Promise<string | undefined> {
    const row = await this.tx.manager.query<Array<{ professional_id: string }>>(
      'SELECT professional_id FROM coordinator_assignment WHERE household_id = $1 AND ended_at IS NULL',
      [householdId],
    );
    return row[0]?.professional_id;
  }
}

const isTenantWide = (actor: Actor) => actor.roles.includes('supervisor') || actor.roles.includes('admin');
