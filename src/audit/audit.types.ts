import type { LegalBasisUsed } from '../common/legal-basis.js';

/** What an audit event records was done. `deny` is a refused attempt (404 for an invisible household, 403). */
export const AUDIT_ACTIONS = ['create', 'read', 'update', 'delete', 'search', 'export', 'deny'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['success', 'not_found', 'forbidden'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export { LEGAL_BASES_USED, type AccessBasis, type LegalBasisUsed } from '../common/legal-basis.js';
/** What a handler's result and parameters say about the personal data the request touched. */
export interface AuditSubject {
  params: Record<string, string | undefined>;
  result: unknown;
}

/** Declared on each handler that touches personal data (see `@Audit`). */
export interface AuditSpec {
  /** Resource type, e.g. `household`, `plan`, `member`. */
  resource: string;
  action: Exclude<AuditAction, 'deny'>;
  /** The processing purpose code; by default derived from the legal basis (see `purposeFor`). */
  purpose?: string;
  /** Households the request concerns; default: the `:householdId` parameter, else the result's `householdId`. */
  households?: (subject: AuditSubject) => Array<string | null | undefined>;
  /** Members concerned; default: the `:memberId` parameter and the result's `memberId`/`memberIds`/`members[].id`. */
  members?: (subject: AuditSubject) => Array<string | null | undefined>;
  /** The resource's id; default: the `:<resource>Id` parameter, else the result's `id`. */
  resourceId?: (subject: AuditSubject) => string | null | undefined;
  /**
   * Error codes (404) that answer the question about a visible record rather than hide one — "no BSN on record"
   * tells its reader something about the member. Such an answer is recorded as the route's action with outcome
   * `not_found`, on the basis the household was seen on; other failures within a visible household disclose
   * nothing and write no event.
   */
  answeredNotFound?: readonly string[];
}

/** One event before it is chained: everything except sequence number and hashes. */
export interface AuditEventDraft {
  tenantId: string;
  occurredAt: Date;
  action: AuditAction;
  outcome: AuditOutcome;
  actorKind: 'professional' | 'client';
  professionalId: string;
  apiClientId: string | null;
  organisationId: string;
  roles: string[];
  onBehalfOfOrganisationId: string | null;
  resourceType: string;
  resourceId: string | null;
  householdId: string | null;
  memberIds: string[];
  purpose: string;
  legalBasis: LegalBasisUsed;
  consentId: string | null;
  route: string;
  httpStatus: number;
  requestId: string | null;
  sourceAddress: string | null;
  /**
   * The caller's own X-Request-Id, kept only if it matches CALLER_REQUEST_ID_PATTERN; `requestId` is always ours.
   * Optional because events before it existed have none (and are hashed without it).
   */
  callerRequestId?: string | null;
}

