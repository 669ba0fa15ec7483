/** The roles that work on cases; the demo data has one token holder for each. */
export const CASEWORK_ROLES = ['admin', 'supervisor', 'coordinator', 'professional'] as const;
export type CaseworkRole = (typeof CASEWORK_ROLES)[number];

/** `privacy_officer` (functionaris gegevensbescherming) reads the audit trail and access reports, no case data. */
export const ROLES = [...CASEWORK_ROLES, 'privacy_officer'] as const;
export type Role = (typeof ROLES)[number];
