import type { Role } from '../../../src/common/roles.js';
import type { ActorSpec, HouseholdKindSpec, HouseholdRelation, Outcome, Subject, SubjectRelation } from './model.js';

/**
 * The documented access rules (SPEC.md "Access", issue 3), as small tables: relation → outcome.
 * A household one may not see is `hidden` (404, like a missing id); visible but not allowed is `forbidden` (403).
 * Role gates (@Roles on the route) come first and answer 403 to every caller without the role.
 */
export const HOUSEHOLD_RULES = {
  /** Everyone who may see the household: tenant-wide roles, its coordinator, its care team, coordinators while it waits for one. */
  read: { admin: 'allow', supervisor: 'allow', coordinator: 'allow', careTeam: 'allow', intake: 'allow', privacyOfficer: 'hidden', uninvolved: 'hidden', otherTenant: 'hidden', emergency: 'allow' },
  /** Changes to the household, members, care team, consents, plan, escalations: its coordinator or a supervisor. Admins only see. */
  caseManager: { admin: 'forbidden', supervisor: 'allow', coordinator: 'allow', careTeam: 'forbidden', intake: 'forbidden', privacyOfficer: 'hidden', uninvolved: 'hidden', otherTenant: 'hidden', emergency: 'forbidden' },
  /** Case work (contact moments, assessments): case managers and the care team. */
  caseWorker: { admin: 'forbidden', supervisor: 'allow', coordinator: 'allow', careTeam: 'allow', intake: 'forbidden', privacyOfficer: 'hidden', uninvolved: 'hidden', otherTenant: 'hidden', emergency: 'forbidden' },
  /** An action's status: case managers, and its owner on the care team (the own household's actions are owned by `linked` and by the client organisation). */
  actionOwner: { admin: 'forbidden', supervisor: 'allow', coordinator: 'allow', careTeam: 'allow', intake: 'forbidden', privacyOfficer: 'hidden', uninvolved: 'hidden', otherTenant: 'hidden', emergency: 'forbidden' },
  /** Assign / hand over: supervisors anyone, the coordinator hands over, a coordinator takes a vacant household for themselves. */
  assignCoordinator: { admin: 'forbidden', supervisor: 'allow', coordinator: 'allow', careTeam: 'forbidden', intake: 'allow', privacyOfficer: 'hidden', uninvolved: 'hidden', otherTenant: 'hidden', emergency: 'forbidden' },
  /** The BSN itself: only the household's coordinator (on purpose; everyone else sees hasBsn). */
  bsn: { admin: 'forbidden', supervisor: 'forbidden', coordinator: 'allow', careTeam: 'forbidden', intake: 'forbidden', privacyOfficer: 'hidden', uninvolved: 'hidden', otherTenant: 'hidden', emergency: 'forbidden' },
  /** Who did and saw what (audit trail, access report): supervisors and the privacy officer of the tenant (role gate on the route). */
  audit: { admin: 'forbidden', supervisor: 'allow', coordinator: 'forbidden', careTeam: 'forbidden', intake: 'forbidden', privacyOfficer: 'allow', uninvolved: 'forbidden', otherTenant: 'hidden', emergency: 'forbidden' },
  /**
   * Break the glass (professionals and coordinators, role gate on the route): anyone of the tenant who is not involved
   * gets a grant (201); whoever already sees the household passes the check and gets 409 ALREADY_HAS_ACCESS.
   */
  breakGlass: { admin: 'forbidden', supervisor: 'forbidden', coordinator: 'allow', careTeam: 'allow', intake: 'allow', privacyOfficer: 'forbidden', uninvolved: 'allow', otherTenant: 'hidden', emergency: 'allow' },
} as const satisfies Record<string, Record<HouseholdRelation, Outcome>>;

export const SUBJECT_RULES = {
  /** Any signed-in professional, on their own tenant / their own data. */
  anyone: { admin: 'allow', supervisor: 'allow', coordinator: 'allow', professional: 'allow', owner: 'allow', householdCoordinator: 'allow', sameOrganisation: 'allow', otherTenant: 'allow' },
  /** A resource of the home tenant: visible within the tenant, 404 for another tenant. */
  tenant: { admin: 'allow', supervisor: 'allow', coordinator: 'allow', professional: 'allow', owner: 'allow', householdCoordinator: 'allow', sameOrganisation: 'allow', otherTenant: 'hidden' },
  /** Someone's own resource (an inbox item): 404 for everyone else. */
  owner: { admin: 'hidden', supervisor: 'hidden', coordinator: 'hidden', professional: 'hidden', owner: 'allow', householdCoordinator: 'hidden', sameOrganisation: 'hidden', otherTenant: 'hidden' },
  /** A signal: supervisors, the intake team's coordinators (every coordinator here is in the intake team), the household's coordinator, the signalling organisation. */
  signalRead: { admin: 'hidden', supervisor: 'allow', coordinator: 'allow', professional: 'hidden', owner: 'hidden', householdCoordinator: 'allow', sameOrganisation: 'allow', otherTenant: 'hidden' },
  /** Acknowledge a signal: supervisors and the household's coordinator; other intake coordinators see it but may not. */
  signalAcknowledge: { admin: 'hidden', supervisor: 'allow', coordinator: 'forbidden', professional: 'hidden', owner: 'hidden', householdCoordinator: 'allow', sameOrganisation: 'forbidden', otherTenant: 'hidden' },
  /** An organisation's webhooks: the tenant's admins; an API client only its own organisation's (another organisation is 404 to it). */
  organisationWebhooks: { admin: 'allow', supervisor: 'forbidden', coordinator: 'forbidden', professional: 'hidden', owner: 'hidden', householdCoordinator: 'forbidden', sameOrganisation: 'allow', otherTenant: 'hidden' },
} as const satisfies Record<string, Record<SubjectRelation, Outcome>>;

export type HouseholdRuleName = keyof typeof HOUSEHOLD_RULES;
export type SubjectRuleName = keyof typeof SUBJECT_RULES;

/** The access part of a catalogue entry (what the docs show). */
export type RouteRule =
  | { scope: 'household'; rule: HouseholdRuleName; roles?: readonly Role[]; clientScope?: string }
  | { scope: 'subject'; subject: Subject; rule: SubjectRuleName; roles?: readonly Role[]; clientScope?: string };

export function householdRelation(actor: ActorSpec, household: HouseholdKindSpec): HouseholdRelation {
  if (actor.tenant !== household.tenant) return 'otherTenant';
  if (actor.roles.includes('admin')) return 'admin';
  if (actor.roles.includes('supervisor')) return 'supervisor';
  if (actor.roles.includes('privacy_officer')) return 'privacyOfficer';
  if (actor.person !== undefined && household.coordinator === actor.person) return 'coordinator';
  if (actor.person !== undefined && household.careTeam.includes(actor.person)) return 'careTeam';
  if (household.careTeamOrganisations.includes(actor.organisation)) return 'careTeam';
  if (actor.person !== undefined && household.emergency.includes(actor.person)) return 'emergency';
  if (actor.roles.includes('coordinator') && household.open && household.coordinator === null) return 'intake';
  return 'uninvolved';
}

/** Every subject the catalogue uses (organisation, notification, signal, webhook) belongs to the home tenant. */
export function subjectRelation(actor: ActorSpec, subject: Subject): SubjectRelation {
  if (subject.kind !== 'none' && actor.tenant !== 'home') return 'otherTenant';
  if (subject.kind === 'ownedBy' && actor.person === subject.person) return 'owner';
  if (subject.kind === 'signal' && actor.person === subject.householdCoordinator) return 'householdCoordinator';
  if (subject.kind === 'signal' && actor.organisation === subject.organisation) return 'sameOrganisation';
  if (subject.kind === 'organisation' && actor.organisation === subject.organisation) return 'sameOrganisation';
  for (const role of ['admin', 'supervisor', 'coordinator', 'professional'] as const) if (actor.roles.includes(role)) return role;
  return 'professional';
}

/**
 * The expected class of one cell. Professionals: role gate, then the rule for their relation. API clients
 * (kind 'client'): a route without a client scope is closed to clients (403); without the scope → 403 (both
 * before any household is looked at); with it, the client stands where its organisation stands (care team through
 * its organisation's links) and is never admin, supervisor or coordinator.
 */
export function expectedOutcome(rule: RouteRule, actor: ActorSpec, household?: HouseholdKindSpec): Outcome {
  if (actor.kind === 'client') {
    if (rule.clientScope === undefined || !(actor.scopes ?? []).includes(rule.clientScope)) return 'forbidden';
  } else if (rule.roles && !rule.roles.some((role) => actor.roles.includes(role))) {
    return 'forbidden';
  }
  if (rule.scope === 'household') {
    if (!household) throw new Error('a household rule needs a household');
    return HOUSEHOLD_RULES[rule.rule][householdRelation(actor, household)];
  }
  return SUBJECT_RULES[rule.rule][subjectRelation(actor, rule.subject)];
}
