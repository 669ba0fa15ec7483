/**
 * The legal ground a care-team link (and a consent record) rests on (AVG art. 6/9). Vocabulary shared by care-team,
 * consents and access, so it lives on the ground floor.
 */
export const LEGAL_BASES = ['consent', 'legal_obligation', 'vital_interest', 'public_task'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/**
 * On which ground the actor could see the household (the legal basis used), most specific first:
 * - `coordinator`: the active coordinator of the household;
 * - `care_team_consent`: a care-team link resting on a recorded consent (its id is in `consentId`);
 * - `care_team_<basis>`: a care-team link on another legal basis (legal obligation, vital interest, public task);
 * - `tenant_role`: supervisor or admin, who see their whole tenant;
 * - `intake`: a coordinator seeing (or registering) a household that has no coordinator yet;
 * - `emergency`: a professional with a standing emergency access grant (break-the-glass, NEN 7513), read-only;
 * - `audit_role`: supervisor or privacy officer reading the audit trail itself;
 * - `route_role`: no household concerned; the actor's role allows the route (directory, own notifications);
 * - `none`: nothing was visible — a denial, or a household named without access to it.
 * Shared by access (which decides) and audit (which records): it lives here so neither imports the other's rules.
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
  'emergency',
] as const;
export type LegalBasisUsed = (typeof LEGAL_BASES_USED)[number];

export interface AccessBasis {
  basis: LegalBasisUsed;
  consentId: string | null;
  /** The members this basis opens, when it opens only some (a narrowed care-team link); absent: the whole household. */
  memberIds?: string[];
}

/**
 * The port through which access checks report what they let through (the audit trail implements it). Access
 * depends on this, never on audit.
 */
export abstract class AccessNotes {
  /** This household was visible, on this basis. */
  abstract noteAccess(householdId: string, basis: AccessBasis): void;
}
