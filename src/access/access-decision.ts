import type { LegalBasis } from '../common/legal-basis.js';

/**
 * What access decided: on which ground the actor may see a household (most specific first — see
 * `AccessRepository.legalBases`). The audit trail records it as the legal basis used; its own list of bases
 * (src/audit/audit.types.ts) adds the grounds only the audit trail knows (audit role, route role, none).
 */
export type AccessGround = 'coordinator' | `care_team_${LegalBasis}` | 'tenant_role' | 'emergency' | 'intake';

export interface AccessDecision {
  basis: AccessGround;
  /** The consent a link on the basis of consent rests on; null for every other ground. */
  consentId: string | null;
  /**
   * For a care-team link narrowed to some members (with the consent it rests on): those members — what the reader
   * saw of the household, they saw of them only (`membersOpened`). Absent: the household as a whole.
   */
  memberIds?: string[];
}

/**
 * The port through which access tells who is listening (the audit trail) on which ground a household was seen,
 * so access imports no audit code. The composition root binds it (`AccessModule.forRoot`).
 */
export interface AccessDecisionRecorder {
  noteAccess(householdId: string, decision: AccessDecision): void;
}

export const ACCESS_DECISION_RECORDER = Symbol('ACCESS_DECISION_RECORDER');
