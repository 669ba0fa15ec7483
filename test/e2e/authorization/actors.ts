import type { ActorSpec, HouseholdKindSpec } from './model.js';

/**
 * The matrix's columns. Extensible: an API-client actor is `{ kind: 'client', organisation: 'clientOrg',
 * scopes: [...] }` plus a token source in world.ts (tokenFor); expectedOutcome already handles the kind.
 */
export const ACTORS: readonly ActorSpec[] = [
  { key: 'admin', label: 'admin of the tenant', kind: 'professional', tenant: 'home', organisation: 'team', roles: ['admin'], person: 'admin' },
  { key: 'supervisor', label: 'supervisor of the tenant', kind: 'professional', tenant: 'home', organisation: 'team', roles: ['supervisor'], person: 'supervisor' },
  { key: 'coordinator', label: 'coordinator of the own household', kind: 'professional', tenant: 'home', organisation: 'team', roles: ['coordinator'], person: 'coordinator' },
  { key: 'linked', label: 'professional linked to the own household on a valid consent', kind: 'professional', tenant: 'home', organisation: 'partner', roles: ['professional'], person: 'linked' },
  {
    key: 'withdrawn',
    label: 'professional whose link to the own household rested on a consent that was withdrawn (same organisation as `linked`)',
    kind: 'professional',
    tenant: 'home',
    organisation: 'partner',
    roles: ['professional'],
    person: 'withdrawn',
  },
  { key: 'unlinkedProfessional', label: 'professional of another organisation of the same tenant, linked nowhere', kind: 'professional', tenant: 'home', organisation: 'welfare', roles: ['professional'], person: 'unlinkedProfessional' },
  { key: 'unlinkedCoordinator', label: 'coordinator of the same tenant who coordinates none of these households', kind: 'professional', tenant: 'home', organisation: 'team', roles: ['coordinator'], person: 'unlinkedCoordinator' },
  { key: 'privacyOfficer', label: 'privacy officer of the tenant (audit trail only)', kind: 'professional', tenant: 'home', organisation: 'team', roles: ['privacy_officer'], person: 'privacyOfficer' },
  {
    key: 'emergencyHolder',
    label: 'professional of another organisation of the same tenant, linked nowhere, with a standing emergency access (break-the-glass) to every household of the tenant',
    kind: 'professional',
    tenant: 'home',
    organisation: 'welfare',
    roles: ['professional'],
    person: 'emergencyHolder',
  },
  { key: 'otherTenant', label: "another tenant's supervisor", kind: 'professional', tenant: 'other', organisation: 'otherTeam', roles: ['supervisor'], person: 'otherSupervisor' },
  {
    key: 'client',
    label: 'API client of the client organisation (organisation-level link on the own household) with every scope',
    kind: 'client',
    tenant: 'home',
    organisation: 'clientOrg',
    roles: [],
    scopes: ['households:read', 'plan:read', 'plan:write', 'signals:write', 'webhooks:manage'],
  },
  {
    key: 'clientWithoutScope',
    label: 'API client of the client organisation with only `webhooks:manage` (none of the case scopes)',
    kind: 'client',
    tenant: 'home',
    organisation: 'clientOrg',
    roles: [],
    scopes: ['webhooks:manage'],
  },
];

/** The households every household route is called on (the matrix's column groups). */
export const HOUSEHOLD_KINDS: readonly HouseholdKindSpec[] = [
  {
    key: 'own',
    label: 'own: coordinated by `coordinator`, `linked` on the care team, `withdrawn` was (consent withdrawn), organisation-level link of the client organisation',
    tenant: 'home',
    open: true,
    coordinator: 'coordinator',
    careTeam: ['linked'],
    careTeamOrganisations: ['clientOrg'],
    formerCareTeam: ['withdrawn'],
    emergency: ['emergencyHolder'],
  },
  {
    key: 'linked',
    label: 'linked: another coordinator, `linked` and the client organisation on the care team — the coordinator of the own household is not involved',
    tenant: 'home',
    open: true,
    coordinator: 'thirdCoordinator',
    careTeam: ['linked'],
    careTeamOrganisations: ['clientOrg'],
    formerCareTeam: [],
    emergency: ['emergencyHolder'],
  },
  { key: 'unlinked', label: 'unlinked: same tenant, another coordinator, no links to the partner organisation', tenant: 'home', open: true, coordinator: 'thirdCoordinator', careTeam: [], careTeamOrganisations: [], formerCareTeam: [], emergency: ['emergencyHolder'] },
  { key: 'vacant', label: 'vacant: open, no coordinator', tenant: 'home', open: true, coordinator: null, careTeam: [], careTeamOrganisations: [], formerCareTeam: [], emergency: ['emergencyHolder'] },
  { key: 'closed', label: 'closed: was like own, then closed (which ends coordinator and care team)', tenant: 'home', open: false, coordinator: null, careTeam: [], careTeamOrganisations: [], formerCareTeam: ['linked', 'withdrawn'], emergency: ['emergencyHolder'] },
  { key: 'otherTenant', label: "other tenant: coordinated by that tenant's coordinator", tenant: 'other', open: true, coordinator: 'otherCoordinator', careTeam: [], careTeamOrganisations: [], formerCareTeam: [], emergency: [] },
];
