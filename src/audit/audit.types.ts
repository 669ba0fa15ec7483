/** What an audit event records was done. `deny` is a refused attempt (404 for an invisible household, 403). */
export const AUDIT_ACTIONS = ['create', 'read', 'update', 'delete', 'search', 'export', 'deny'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['success', 'not_found', 'forbidden'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * On which ground the actor could see the household (the legal basis used), most specific first:
 * - `coordinator`: the active coordinator of the household;
 * - `care_team_consent`: a care-team link resting on a recorded consent (its id is in `consentId`);
 * - `care_team_<basis>`: a care-team link on another legal basis (legal obligation, vital interest, public task);
 * - `tenant_role`: supervisor or admin, who see their whole tenant;
 * - `intake`: a coordinator seeing (or registering) a household that has no coordinator yet;
 * - `audit_role`: supervisor or privacy officer reading the audit trail itself;
 * - `route_role`: no household concerned; the actor's role allows the route (directory, own notifications);
 * - `none`: nothing — a denial.
 */
export const LEGAL_BASES_USED = [
  'coordinator',
  'care_team_consent',
  'care_team_legal_obligation',
  'care_team_vital_interest',
  'care_team_public_task',
  'tenant_role',
  'intake',
  'audit_role',
  'route_role',
  'none',
] as const;
export type LegalBasisUsed = (typeof LEGAL_BASES_USED)[number];

export interface AccessBasis {
  basis: LegalBasisUsed;
  consentId: string | null;
}

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

export interface ChainedAuditEvent extends AuditEventDraft {
  seq: number;
  prevHash: string;
  hash: string;
}
