import type { LegalBasis } from '../common/legal-basis.js';
import type { MemberRole, RiskLevel } from '../households/household-status.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';
import type { Role } from '../common/roles.js';

/** The seed story's shape (demo-story.ts builds it, demo-schedule.ts dates it, demo-history.ts plays it into rows). */

export interface OrganisationSpec {
  key: string;
  name: string;
  kind: OrganisationKind;
  isIntakeTeam: boolean;
}

export interface ProfessionalSpec {
  key: string;
  organisationKey: string;
  name: string;
  email: string;
  roles: Role[];
}

export type OwnerSpec =
  | { type: 'professional'; key: string }
  | { type: 'organisation'; key: string }
  | { type: 'member'; index: number }
  | { type: 'network_member'; index: number };

export interface ActionSpec {
  description: string;
  owner: OwnerSpec;
  dueDate: string;
  addedAt: Date;
  /** Status changes in order: reported by the owning professional, or else by the coordinator. */
  progress: Array<{ at: Date; status: 'in_progress' | 'done' }>;
}

export interface GoalSpec {
  domainCode: string;
  title: string;
  targetDate: string;
  addedAt: Date;
  achievedAt?: Date;
  actions: ActionSpec[];
}

export interface CareTeamLinkSpec {
  organisationKey: string;
  professionalKey?: string;
  role: string;
  basis: LegalBasis;
}

export interface PlanSpec {
  createdAt: Date;
  familyWishes: string;
  familyStrengths: string;
  reviewDate: string;
  networkMembers: Array<{ name: string; relation: string; support: string }>;
  communityResources: Array<{ name: string; kind: string; note?: string }>;
}

export type ContactKindSpec = 'home_visit' | 'call' | 'meeting';

/** One episode of care: from registration (or reopening) to closing, or still open. */
export interface EpisodeSpec {
  startedAt: Date;
  reopenReason?: string;
  /** The first assigns; any later one hands over. */
  assignments: Array<{ at: Date; coordinatorKey: string; bySupervisor: boolean; reason: string }>;
  careTeam: Array<CareTeamLinkSpec & { at: Date }>;
  goals: GoalSpec[];
  /** Review meetings: the plan's review date moves on. */
  reviews: Array<{ at: Date; reviewDate: string }>;
  contacts: Array<{ at: Date; kind: ContactKindSpec; note: string; withParent: boolean }>;
  /** Household-level self-reliance scores (1–5) per life domain. */
  assessments: Array<{ at: Date; scores: Array<{ domainCode: string; score: number }> }>;
  aftercareAt?: Date;
  riskChanges: Array<{ at: Date; riskLevel: RiskLevel }>;
  closedAt?: Date;
  closeReason?: string;
}

/** heavy: still open at the end of the year; closed: closed during it; recurred: closed, back, closed again; returning: closed, back last week. */
export type HouseholdKind = 'heavy' | 'closed' | 'recurred' | 'returning';

export interface HouseholdSpec {
  kind: HouseholdKind;
  postcode: string;
  houseNumber: number;
  houseNumberSuffix?: string;
  district: string;
  registrationReason: string;
  riskLevel: RiskLevel;
  members: Array<{ givenName: string; familyName: string; dateOfBirth: string; role: MemberRole }>;
  /** Registered by the supervisor (intake team), or else by the first coordinator. */
  registeredBySupervisor: boolean;
  plan: PlanSpec;
  episodes: EpisodeSpec[];
}

export interface DemoStory {
  organisations: OrganisationSpec[];
  professionals: ProfessionalSpec[];
  /** Which professional's token is printed for each role. */
  tokenHolders: Record<Role, string>;
  households: HouseholdSpec[];
}

/** What a household's goals and actions are about, before the schedule gives them dates. */
export interface GoalDraft {
  domainCode: string;
  title: string;
  actions: Array<{ description: string; owner: OwnerSpec }>;
}
