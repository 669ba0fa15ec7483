import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { Text } from '../common/language.js';
import { RequestContext } from '../common/request-context.js';
import { ACCESS_DECISION_RECORDER, type AccessDecision, type AccessDecisionRecorder, type AccessGround } from './access-decision.js';
import { AccessErrors, householdNotFound, withHousehold } from './access.errors.js';
import { AccessRepository, type SingleReadSql, type SqlFragment } from './access.repository.js';
import type { SqlCaseItem } from './reader-scope.sql.js';
import { FULL_SCOPE, scopeCovers, type CaseItem, type FullScopeGround, type ReaderScope } from './reader-scope.js';

const DECISION_MEMO = 'access.decision:';
const SCOPE_MEMO = 'access.scope:';
/** A caller let through as the household's coordinator, to be confirmed under the household's row lock. */
const COORDINATOR_CLAIM = 'access.coordinator-claim:';

interface CoordinatorClaim {
  /** 'manager': only the coordinator (or a supervisor) may; 'worker': the care team may as well. */
  level: 'manager' | 'worker';
  what: Text;
}

/** A ground other than a care-team link sees the whole case; unknown future grounds (emergency access) do too. */
function fullGround(basis: AccessGround): FullScopeGround {
  if (basis === 'coordinator' || basis === 'tenant_role' || basis === 'intake') return basis;
  return 'emergency';
}

/** 403: emergency access (break-the-glass) is read-only. */
function emergencyReadOnly(householdId: string, what: Text) {
  return withHousehold(AccessErrors.create('EMERGENCY_ACCESS_READ_ONLY', {
    nl: `Met noodtoegang mag u het huishouden alleen inzien, niet ${what.nl}.`,
    en: `Emergency access lets you view the household only, not ${what.en}.`,
  }), householdId);
}

/** 403: only the household's coordinator or a supervisor may do this. */
function notCaseManager(householdId: string, what: Text) {
  return withHousehold(AccessErrors.create('NOT_ALLOWED_FOR_HOUSEHOLD', {
    nl: `Alleen de regisseur van het huishouden of een supervisor mag ${what.nl}.`,
    en: `Only the household's coordinator or a supervisor may ${what.en}.`,
  }), householdId);
}

/** 403: only the people working on the case may do this. */
function notCaseWorker(what: Text) {
  return AccessErrors.create('NOT_ALLOWED_FOR_HOUSEHOLD', {
    nl: `Alleen de regisseur van het huishouden, een supervisor of een professional uit het zorgteam mag ${what.nl}.`,
    en: `Only the household's coordinator, a supervisor or a professional on its care team may ${what.en}.`,
  });
}

/** What a single read needs to apply the need-to-know rule itself (see `AccessService.visibleRead`). */
export interface VisibleRead {
  /** Names everything `sql()` depends on: the same shape is always the same text (a read may build it once). */
  shape: string;
  /** The values `sql()` refers to (named parameters, prefixed `access`). */
  params: Record<string, unknown>;
  /** The LATERAL joins to follow household `alias`, the condition that the caller may see it, and on which basis. */
  sql(): SingleReadSql;
}

/**
 * Need-to-know checks in one place, at three levels: visible (may see), case worker (may record case work),
 * case manager (may change the household, its care team and plan). A household one may not see answers 404,
 * exactly like one that does not exist; a visible household one may not change answers 403.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly access: AccessRepository,
    private readonly context: RequestContext,
    private readonly clock: Clock,
    @Inject(ACCESS_DECISION_RECORDER) private readonly decisions: AccessDecisionRecorder,
  ) {}

  visibleHouseholds(alias: string): SqlFragment {
    return this.access.visibleHouseholds(this.context.actor, alias, this.clock.today(), this.clock.now());
  }

  /**
   * For a single read that checks visibility in its own statement (one round trip for check, basis and data): the
   * WHERE fragment for household `alias` and the select expressions that tell the basis. After the read, hand the
   * row to `noteVisible` (the audit trail learns the basis); no row means not visible → `householdNotFound`.
   */
  visibleRead(alias: string): VisibleRead {
    return this.singleRead(alias, false);
  }

  /**
   * The household of a `visibleRead` row was visible: notes on which basis (for the audit trail) and answers what
   * of it the caller may see — both remembered for the request, as `requireVisible` and `readerScope` would have.
   */
  noteVisible(householdId: string, row: Record<string, unknown>): ReaderScope {
    return this.noteDecision(householdId, row).scope;
  }

  /**
   * `visibleRead` for a change: the same check and basis, and the household's accountable coordinator, so that
   * `noteVisibleToAct` can say who may change the case without a query of its own.
   */
  visibleChangeRead(alias: string): VisibleRead {
    return this.singleRead(alias, true);
  }

  private singleRead(alias: string, activeCoordinator: boolean): VisibleRead {
    const actor = this.context.actor;
    return {
      shape: `${alias}:${this.access.readShape(actor)}${activeCoordinator ? ':change' : ''}`,
      params: this.access.visibilityParams(actor, this.clock.today(), this.clock.now()),
      sql: () => this.access.singleRead(actor, alias, { activeCoordinator }),
    };
  }

  /**
   * After a `visibleChangeRead` row: `noteVisible`, then what `requireVisibleToAct` refuses (403 for a household seen
   * through emergency access only), and whether the caller is a case manager (`requireCaseManager`'s rule: the
   * accountable coordinator or a supervisor) — from the row, without a round trip.
   */
  noteVisibleToAct(householdId: string, row: Record<string, unknown>, what: Text): { scope: ReaderScope; isCaseManager: boolean } {
    const { decision, scope } = this.noteDecision(householdId, row);
    if (decision.basis === 'emergency') throw emergencyReadOnly(householdId, what);
    const isCaseManager = this.context.hasRole('supervisor') || this.access.activeCoordinatorOf(row) === this.context.actor.professionalId;
    return { scope, isCaseManager };
  }

  private noteDecision(householdId: string, row: Record<string, unknown>): { decision: AccessDecision; scope: ReaderScope } {
    const decision = this.access.decideBasis(this.context.actor, row);
    this.decisions.noteAccess(householdId, decision);
    const scope: ReaderScope = decision.basis.startsWith('care_team_') ? { full: false, grants: this.access.grantsOf(row) } : FULL_SCOPE(fullGround(decision.basis));
    this.context.remember(`${DECISION_MEMO}${householdId}`, decision);
    if (!scope.full) this.context.remember(`${SCOPE_MEMO}${householdId}`, scope.grants);
    return { decision, scope };
  }

  /** 404 unless the caller may see the household; notes for the audit trail on which basis they may. */
  async requireVisible(householdId: string): Promise<AccessDecision> {
    const basis = await this.decision(householdId);
    if (!basis) throw householdNotFound(householdId);
    this.decisions.noteAccess(householdId, basis);
    return basis;
  }

  /**
   * Visible, and on a ground that lets the caller act (the route then checks who may act on it): an emergency access
   * grant (break-the-glass) is read-only, so a household seen only through one answers 403 to every change — for
   * the routes whose own rule could otherwise let such a caller through (reopen, assign, an action's owner).
   */
  async requireVisibleToAct(householdId: string, what: Text): Promise<void> {
    const basis = await this.requireVisible(householdId);
    if (basis.basis === 'emergency') throw emergencyReadOnly(householdId, what);
  }

  /**
   * What of the household the caller may see (purpose limitation), once per request: the whole case for its
   * coordinator, supervisors and admins, intake and any other ground that is not a care-team link (emergency
   * access among them); for a partner, what their standing links and the consents they rest on cover.
   * 404 when the caller may not see the household at all.
   */
  async readerScope(householdId: string): Promise<ReaderScope> {
    const decision = await this.decision(householdId);
    if (!decision) throw householdNotFound(householdId);
    // it stands in for requireVisible: the audit trail hears on which ground the household was seen
    this.decisions.noteAccess(householdId, decision);
    if (!decision.basis.startsWith('care_team_')) return FULL_SCOPE(fullGround(decision.basis));
    const grants = await this.context.once(`${SCOPE_MEMO}${householdId}`, async () =>
      (await this.access.readerGrants(this.context.actor, [householdId], this.clock.today())).get(householdId) ?? [],
    );
    return { full: false, grants };
  }

  /** `readerScope` for a page of households in two queries (households the caller may not see are absent). */
  async readerScopes(householdIds: string[]): Promise<Map<string, ReaderScope>> {
    const decisions = await this.access.legalBases(this.context.actor, householdIds, this.clock.today(), this.clock.now());
    const partnerOf = [...decisions].filter(([, d]) => d.basis.startsWith('care_team_')).map(([id]) => id);
    const grants = await this.access.readerGrants(this.context.actor, partnerOf, this.clock.today());
    const scopes = new Map<string, ReaderScope>();
    for (const [id, d] of decisions) scopes.set(id, d.basis.startsWith('care_team_') ? { full: false, grants: grants.get(id) ?? [] } : FULL_SCOPE(fullGround(d.basis)));
    return scopes;
  }

  /** Whether the caller's scope of the household opens the item (`scopeCovers`). */
  async covers(householdId: string, item: CaseItem): Promise<boolean> {
    return scopeCovers(await this.readerScope(householdId), item);
  }

  /**
   * For a write: 403 OUTSIDE_SCOPE unless the caller's scope opens the item (a partner recording scores of a domain
   * or a contact note their link does not cover). Members outside the scope are refused by the caller as unknown
   * members first, so no answer tells whether a member exists.
   */
  async requireWithinScope(householdId: string, item: CaseItem, what: Text): Promise<void> {
    if (await this.covers(householdId, item)) return;
    throw withHousehold(AccessErrors.create('OUTSIDE_SCOPE', {
      nl: `Uw koppeling met het zorgteam (of de toestemming waarop die rust) dekt dit niet: u mag ${what.nl} niet.`,
      en: `Your care-team link (or the consent it rests on) does not cover this: you may not ${what.en}.`,
    }), householdId);
  }

  /**
   * For lists filtered in SQL (the timeline): null when the caller sees the whole case; otherwise a condition that
   * holds when one of their standing links opens the item — the same rule as `readerScope` + `scopeCovers`.
   */
  async scopeCondition(householdId: string, householdSql: string, item: SqlCaseItem, param: (value: unknown) => string): Promise<string | null> {
    if ((await this.readerScope(householdId)).full) return null;
    return this.access.readerCoversSql(this.context.actor, householdSql, item, this.clock.today(), param);
  }

  /** After a change of a care team or a consent within the request: ask again. */
  forgetScopes(): void {
    this.context.forget(DECISION_MEMO);
    this.context.forget(SCOPE_MEMO);
  }

  /** The ground on which the caller sees the household (undefined: not at all), asked once per request. */
  private async decision(householdId: string): Promise<AccessDecision | undefined> {
    const key = `${DECISION_MEMO}${householdId}`;
    const decision = await this.context.once(key, async () => (await this.access.legalBases(this.context.actor, [householdId], this.clock.today(), this.clock.now())).get(householdId));
    // a refusal is not remembered: a change later in the request (a household created, a link added) may open it
    if (!decision) this.context.forget(key);
    return decision;
  }

  /** The legal basis on which the caller sees each of these households (those they may not see are absent). */
  legalBases(householdIds: string[]): Promise<Map<string, AccessDecision>> {
    return this.access.legalBases(this.context.actor, householdIds, this.clock.today(), this.clock.now());
  }

  /** Coordinator of the household or a supervisor: may change the household, its care team and plan. */
  async requireCaseManager(householdId: string, what: Text): Promise<void> {
    await this.requireVisible(householdId);
    if (this.context.hasRole('supervisor')) return;
    const coordinatorId = await this.access.activeCoordinatorId(householdId);
    if (coordinatorId !== this.context.actor.professionalId) throw notCaseManager(householdId, what);
    this.claimCoordinator(householdId, { level: 'manager', what });
  }

  /**
   * Who may record case work (contact moments, assessments) for a household: the people who actually work on
   * it — its coordinator, supervisors, and professionals on its care team today (professional-level link, or
   * organisation-level link of their organisation, on a basis that stands). Seeing a household is not enough: a
   * coordinator who sees it only because it waits for a coordinator, or an admin, gets 403. Not visible → 404.
   */
  async requireCaseWorker(householdId: string, what: Text): Promise<void> {
    await this.requireVisible(householdId);
    if (this.context.hasRole('supervisor')) return;
    const actor = this.context.actor;
    if ((await this.access.activeCoordinatorId(householdId)) === actor.professionalId) return this.claimCoordinator(householdId, { level: 'worker', what });
    if (await this.access.isOnCareTeam(actor, householdId, this.clock.today())) return;
    throw notCaseWorker(what);
  }

  /**
   * A coordinator's right to change a case is decided before the change takes the household's row lock; a hand-over
   * (or an assignment, a step-down, a deactivation's hand-over) that commits in between ends it. The case gate calls
   * this once it holds the lock: a caller let through as the coordinator is asked again, now that every change of
   * coordination has either committed or waits behind this one. Nothing is asked when no such claim was made.
   */
  async confirmCoordinatorUnderLock(householdId: string): Promise<void> {
    const claim = await this.context.recall<CoordinatorClaim>(`${COORDINATOR_CLAIM}${householdId}`);
    if (!claim) return;
    this.context.forget(`${COORDINATOR_CLAIM}${householdId}`);
    const actor = this.context.actor;
    if ((await this.access.activeCoordinatorId(householdId)) === actor.professionalId) return;
    if (claim.level === 'worker') {
      if (await this.access.isOnCareTeam(actor, householdId, this.clock.today())) return;
      throw notCaseWorker(claim.what);
    }
    throw notCaseManager(householdId, claim.what);
  }

  private claimCoordinator(householdId: string, claim: CoordinatorClaim): void {
    this.context.remember(`${COORDINATOR_CLAIM}${householdId}`, claim);
  }

  async activeCoordinatorId(householdId: string): Promise<string | undefined> {
    return this.access.activeCoordinatorId(householdId);
  }

  /** Whether this professional, or this organisation (`professionalId` null), works on the household today. */
  worksOn(owner: { professionalId: string | null; organisationId: string; supervisor: boolean }, householdId: string): Promise<boolean> {
    return this.access.worksOn(owner, householdId, this.clock.today());
  }
}
