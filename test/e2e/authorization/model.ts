import type { Role } from '../../../src/common/roles.js';

/**
 * The vocabulary of the authorization matrix. Everything here is static (no database), so the same
 * definitions drive both the e2e test and the generated docs/ACCESS-MATRIX.md.
 */

/** What a caller should get: past the access check, 404 as for a missing id, or 403. */
export type Outcome = 'allow' | 'hidden' | 'forbidden';

/** The professionals the fixture world creates; actors and households refer to them by these keys. */
export type PersonKey =
  | 'admin'
  | 'supervisor'
  | 'coordinator'
  | 'linked'
  | 'withdrawn'
  | 'unlinkedProfessional'
  | 'unlinkedCoordinator'
  | 'thirdCoordinator'
  | 'privacyOfficer'
  | 'emergencyHolder'
  | 'otherSupervisor'
  | 'otherCoordinator';

/** Organisations of the fixture world. `clientOrg` has an organisation-level link on the own household (for API-client actors); `bystander` is linked by write cells and has no users. */
export type OrganisationKey = 'team' | 'partner' | 'welfare' | 'clientOrg' | 'bystander' | 'otherTeam';

export type TenantKey = 'home' | 'other';

/**
 * One column of the matrix: who calls, and how that caller gets a bearer token. `kind: 'client'` actors
 * (partner API clients) obtain their token from the OAuth token endpoint and carry scopes; the expected
 * outcome takes the kind into account (see expectedOutcome).
 */
export interface ActorSpec {
  key: string;
  label: string;
  kind: 'professional' | 'client';
  tenant: TenantKey;
  organisation: OrganisationKey;
  roles: Role[];
  /** The professional this actor is (for a client: its service principal has none of ours). */
  person?: PersonKey;
  /** Client scopes, e.g. households:read. */
  scopes?: string[];
}

export type HouseholdKindKey = 'own' | 'linked' | 'unlinked' | 'vacant' | 'closed' | 'otherTenant';

/** The facts about a household that decide access; the fixture world builds households to match them. */
export interface HouseholdKindSpec {
  key: HouseholdKindKey;
  label: string;
  tenant: TenantKey;
  /** false once closed: closing ends the coordinator assignment and every care-team link. */
  open: boolean;
  coordinator: PersonKey | null;
  /** Professional-level links on a valid basis (a valid consent). */
  careTeam: PersonKey[];
  /** Organisation-level links on a valid basis. */
  careTeamOrganisations: OrganisationKey[];
  /** Were linked, the consent their link rested on has been withdrawn (documentation only: they are uninvolved now). */
  formerCareTeam: PersonKey[];
  /** Professionals with a standing emergency access grant (break-the-glass) to it. */
  emergency: PersonKey[];
}

/**
 * How an actor stands to a household. Derived from the facts, never written per cell:
 * - `admin`, `supervisor`: of the household's tenant;
 * - `coordinator`: its active coordinator;
 * - `careTeam`: on its active care team on a valid basis (own link or organisation-level link);
 * - `intake`: a coordinator, and the household is open without a coordinator (may take it);
 * - `privacyOfficer`: the tenant's privacy officer (reads the audit trail, no case data);
 * - `emergency`: not involved, but holds a standing emergency access grant (break-the-glass): read-only;
 * - `uninvolved`: same tenant, none of the above;
 * - `otherTenant`: another municipality.
 */
export type HouseholdRelation = 'admin' | 'supervisor' | 'coordinator' | 'careTeam' | 'intake' | 'privacyOfficer' | 'uninvolved' | 'otherTenant' | 'emergency';

/**
 * How an actor stands to a route that is not about one household:
 * - role relations (`admin`, `supervisor`, `coordinator`, `professional`) for the caller's own tenant;
 * - `owner`: the resource is the caller's own (their notification);
 * - `householdCoordinator`: the caller coordinates the household the resource is about (a signal);
 * - `sameOrganisation`: the resource belongs to the caller's organisation (a signal it registered);
 * - `otherTenant`: the resource belongs to another municipality.
 */
export type SubjectRelation = 'admin' | 'supervisor' | 'coordinator' | 'professional' | 'owner' | 'householdCoordinator' | 'sameOrganisation' | 'otherTenant';

/** What a non-household route acts on, which decides the relation. */
export type Subject =
  | { kind: 'none' }
  | { kind: 'tenant' }
  | { kind: 'ownedBy'; person: PersonKey }
  | { kind: 'organisation'; organisation: OrganisationKey }
  /** A signal registered by `organisation`, matched to a household coordinated by `householdCoordinator`. */
  | { kind: 'signal'; organisation: OrganisationKey; householdCoordinator: PersonKey };

export const OUTCOME_STATUS: Record<Outcome, string> = { allow: 'not 401/403/404', hidden: '404', forbidden: '403' };

/** The class of an answer: anything that is not 401/403/404 passed the access check (200, 201, 204, 409, 412, 422, …). */
export function classify(status: number, passedNotFoundCodes: readonly string[] = [], code?: string): Outcome | 'unauthenticated' {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return code !== undefined && passedNotFoundCodes.includes(code) ? 'allow' : 'hidden';
  return 'allow';
}
