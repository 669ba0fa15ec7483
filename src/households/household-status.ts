/** registered → intake → active → aftercare → closed; a reopen starts a new episode at intake. */
export const HOUSEHOLD_STATUSES = ['registered', 'intake', 'active', 'aftercare', 'closed'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const MEMBER_ROLES = ['parent', 'child', 'other'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Forward moves that PATCH may make; closing and reopening have routes of their own. */
const NEXT: Record<HouseholdStatus, HouseholdStatus[]> = {
  registered: ['intake'],
  intake: ['active'],
  active: ['aftercare'],
  aftercare: ['active'],
  closed: [],
};

export function canMoveTo(from: HouseholdStatus, to: HouseholdStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

export function allowedNext(from: HouseholdStatus): HouseholdStatus[] {
  return NEXT[from];
}
