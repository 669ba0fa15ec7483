import { Injectable } from '@nestjs/common';
import { CLS_REQ, ClsService } from 'nestjs-cls';
import type { Request } from 'express';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { ACTOR_KEY, type Actor } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { RequestAudit } from './audit-context.js';
import { AuditRepository } from './audit.repository.js';
import type { AccessBasis, AuditAction, AuditEventDraft, AuditOutcome, AuditSpec, AuditSubject, LegalBasisUsed } from './audit.types.js';
import { callerRequestIdOf } from '../common/request-id.js';

/** The role an API client's events carry: it acts as a partner system, not as any professional role. */
export const API_CLIENT_ROLE = 'api_client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (value: unknown): string | null => (typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : null);
const uuids = (values: unknown[]): string[] => [...new Set(values.map(uuidOrNull).filter((v): v is string => v !== null))];

/**
 * The processing purpose, when the route does not name one: follows from the basis of access. Where nothing was
 * visible (a denial, an inbox line about a case the reader cannot see) nothing was processed for any purpose:
 * `none`, never a purpose borrowed from a role the caller may not even hold.
 */
export function purposeFor(basis: LegalBasisUsed, actor: Actor): string {
  switch (basis) {
    case 'none':
      return 'none';
    case 'coordinator':
      return 'case_coordination';
    case 'care_team_consent':
    case 'care_team_legal_obligation':
    case 'care_team_vital_interest':
    case 'care_team_public_task':
      return 'care_team_support';
    case 'tenant_role':
      return actor.roles.includes('supervisor') ? 'supervision' : 'administration';
    case 'intake':
      return 'intake';
    case 'emergency':
      return 'emergency_care';
    case 'audit_role':
      return 'accountability';
    case 'route_role':
      return actor.roles.includes('supervisor') ? 'supervision' : actor.roles.includes('admin') ? 'administration' : 'case_coordination';
  }
}

/** A page (`{ items }`) or an array: the listed items. */
function itemsOf(result: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(result)) return result as Array<Record<string, unknown>>;
  const items = (result as { items?: unknown } | null | undefined)?.items;
  return Array.isArray(items) ? (items as Array<Record<string, unknown>>) : [];
}

const field = (result: unknown, name: string): unknown => (typeof result === 'object' && result !== null ? (result as Record<string, unknown>)[name] : undefined);

function defaultHouseholds(spec: AuditSpec, { params, result }: AuditSubject): unknown[] {
  if (params.householdId) return [params.householdId];
  if (spec.action === 'search' || spec.action === 'export') {
    return itemsOf(result).map((item) => item.householdId ?? (spec.resource === 'household' ? item.id : undefined));
  }
  return [spec.resource === 'household' ? field(result, 'id') : field(result, 'householdId')];
}

function defaultMembers(spec: AuditSpec, { params, result }: AuditSubject): unknown[] {
  if (spec.action === 'search' || spec.action === 'export') return [];
  const members = field(result, 'members');
  const memberIds = field(result, 'memberIds');
  return [
    params.memberId,
    field(result, 'memberId'),
    ...(Array.isArray(memberIds) ? (memberIds as unknown[]) : []),
    ...(Array.isArray(members) ? (members as unknown[]).map((m) => field(m, 'id')) : []),
  ];
}

function defaultResourceId(spec: AuditSpec, { params, result }: AuditSubject): unknown {
  const param = params[`${spec.resource.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}Id`];
  if (param) return param;
  return spec.action === 'search' || spec.action === 'export' ? undefined : field(result, 'id');
}

/**
 * Turns what a request did into audit events and appends them with one INSERT as the last statement before commit
 * (`TransactionHost.beforeCommit`). Numbering comes from a sequence: requests share no lock. Chaining and signing
 * happen later, off the request path (AuditSealer).
 */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly audits: AuditRepository,
    private readonly access: AccessService,
    private readonly cls: ClsService,
    private readonly clock: Clock,
    private readonly tx: TransactionHost,
  ) {}

  /** The events of a successful request; run inside its transaction (bases are looked up where not yet noted). */
  async draftsForSuccess(audit: RequestAudit, result: unknown, httpStatus: number): Promise<AuditEventDraft[]> {
    const { spec } = audit;
    const request = this.request();
    const subject: AuditSubject = { params: (request?.params ?? {}) as Record<string, string | undefined>, result };
    const households = uuids([...(spec.households ?? ((s) => defaultHouseholds(spec, s)))(subject), ...audit.bases.keys(), ...audit.households]);
    const missing = households.filter((id) => !audit.bases.has(id));
    const bases = new Map(audit.bases);
    if (missing.length > 0) for (const [id, basis] of await this.access.legalBases(missing)) bases.set(id, basis);

    // a household the access rules do not let the actor see (an inbox line about a case they left, say): nothing
    // of it was visible, so no basis was used — said as `none`, never borrowed from another basis. Except a privacy
    // officer's own inbox: its lines (emergency access taken, restrictions, erasures) reach them for their duty to
    // account, which is the basis on which they see them (`audit_role`)
    const officersInbox = spec.resource === 'notification' && this.actor().roles.includes('privacy_officer');
    const fallback: AccessBasis = { basis: officersInbox ? 'audit_role' : 'none', consentId: null };
    const listing = spec.action === 'search' || spec.action === 'export';
    const members = listing ? [] : uuids((spec.members ?? ((s) => defaultMembers(spec, s)))(subject));
    const resourceId = listing ? null : uuidOrNull((spec.resourceId ?? ((s) => defaultResourceId(spec, s)))(subject));
    const base = { action: spec.action, outcome: 'success' as const, resourceType: spec.resource, httpStatus, purpose: spec.purpose };
    if (households.length === 0) {
      return [this.draft({ ...base, householdId: null, memberIds: members, resourceId, basis: { basis: 'route_role', consentId: null } })];
    }
    return households.map((householdId) => {
      const basis = bases.get(householdId) ?? fallback;
      // what a reader narrowed to some members saw "of the household" (a list line, a timeline), they saw of those
      // members only: the events name them, so the other members' access reports do not list a reader they never had
      const memberIds = members.length === 0 && basis.memberIds ? basis.memberIds : members;
      return this.draft({ ...base, householdId, memberIds, resourceId, basis });
    });
  }

  /**
   * The households a request's answer concerns, as its events would name them (the route's `households`, else
   * the `:householdId` parameter or the answer's household). An Idempotency-Key replay checks access to these.
   */
  householdsConcerned(spec: AuditSpec, subject: AuditSubject): string[] {
    return uuids((spec.households ?? ((s) => defaultHouseholds(spec, s)))(subject));
  }

  /** The `deny` event of a refused request (404 for an invisible household, 403). */
  draftForDenial(audit: RequestAudit | undefined, householdId: string | undefined, httpStatus: number): AuditEventDraft {
    const params = (this.request()?.params ?? {}) as Record<string, string | undefined>;
    return this.draft({
      action: 'deny',
      outcome: httpStatus === 404 ? 'not_found' : 'forbidden',
      resourceType: audit?.spec.resource ?? 'route',
      resourceId: null,
      householdId: uuidOrNull(householdId ?? params.householdId),
      memberIds: uuids([params.memberId]),
      httpStatus,
      // refused: nothing was processed, whatever the route is for
      purpose: purposeFor('none', this.actor()),
      basis: { basis: 'none', consentId: null },
    });
  }

  /**
   * A 404 that answered about a record of a household the caller saw (`AuditSpec.answeredNotFound`): the route's
   * action with outcome `not_found`, on the basis the household was seen on. Undefined when no access check let the
   * household through (then nothing of it was answered).
   */
  draftForAnsweredNotFound(audit: RequestAudit): AuditEventDraft | undefined {
    const params = (this.request()?.params ?? {}) as Record<string, string | undefined>;
    const householdId = uuidOrNull(params.householdId);
    const basis = householdId ? audit.bases.get(householdId) : undefined;
    if (!householdId || !basis) return undefined;
    return this.draft({
      action: audit.spec.action,
      outcome: 'not_found',
      resourceType: audit.spec.resource,
      resourceId: uuidOrNull(audit.spec.resourceId?.({ params, result: undefined })),
      householdId,
      memberIds: uuids([params.memberId]),
      httpStatus: 404,
      purpose: audit.spec.purpose,
      basis,
    });
  }

  /**
   * Inserts as the transaction's last statement, sent with its COMMIT (one round trip for both), so the events
   * commit with the work or not at all; must run inside a transaction of the actor's tenant.
   */
  append(drafts: AuditEventDraft[]): Promise<void> {
    for (const statement of this.audits.insertStatements(drafts)) this.tx.withCommit(statement);
    return Promise.resolve();
  }

  /** Appends in its own transaction (a denial, after the request's transaction rolled back). */
  appendAlone(drafts: AuditEventDraft[]): Promise<void> {
    return this.tx.run(() => this.append(drafts));
  }

  private draft(e: {
    action: AuditAction;
    outcome: AuditOutcome;
    resourceType: string;
    resourceId: string | null;
    householdId: string | null;
    memberIds: string[];
    httpStatus: number;
    purpose: string | undefined;
    basis: AccessBasis;
  }): AuditEventDraft {
    const actor = this.actor();
    const request = this.request();
    return {
      tenantId: actor.tenantId,
      occurredAt: this.clock.now(),
      action: e.action,
      outcome: e.outcome,
      actorKind: actor.kind,
      professionalId: actor.professionalId,
      apiClientId: actor.clientId ?? null,
      organisationId: actor.organisationId,
      // an API client acts in its own role (a partner system), never with a blank one
      roles: actor.kind === 'client' || actor.roles.length === 0 ? [API_CLIENT_ROLE] : [...actor.roles],
      // an API client acts for its organisation (NEN 7513 "on behalf of"); a professional acts in their own name
      onBehalfOfOrganisationId: actor.kind === 'client' ? actor.organisationId : null,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      householdId: e.householdId,
      memberIds: e.memberIds,
      purpose: e.purpose ?? purposeFor(e.basis.basis, actor),
      legalBasis: e.basis.basis,
      consentId: e.basis.consentId,
      route: routeOf(request),
      httpStatus: e.httpStatus,
      requestId: this.cls.isActive() ? (this.cls.getId() ?? null) : null,
      sourceAddress: request?.ip ?? null,
      callerRequestId: callerRequestIdOf(request),
    };
  }

  private actor(): Actor {
    return this.cls.get<Actor>(ACTOR_KEY);
  }

  private request(): Request | undefined {
    return this.cls.isActive() ? this.cls.get<Request | undefined>(CLS_REQ) : undefined;
  }
}

/** Method and path template, e.g. `GET /api/v1/households/:householdId` — never query strings or ids. */
export function routeOf(request: Request | undefined): string {
  if (!request) return 'unknown';
  const template = (request.route as { path?: unknown } | undefined)?.path;
  return `${request.method} ${typeof template === 'string' ? `${request.baseUrl}${template}` : 'unmatched'}`.slice(0, 200);
}
