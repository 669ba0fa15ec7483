import { randomInt } from 'node:crypto';
import request from 'supertest';
import type { TenantFixture, TestApp, UserFixture } from '../harness/index.js';
import { bearer, createOrganisation, createProfessional, createTenantFixture, systemDb } from '../harness/index.js';
import { dateIn } from '../support/days.js';
import { ACTORS, HOUSEHOLD_KINDS } from './actors.js';
import type { ActorSpec, HouseholdKindKey, HouseholdKindSpec, OrganisationKey, PersonKey, TenantKey } from './model.js';

/** One household of the world, with the ids of everything in it that routes address. */
export interface WorldHousehold {
  spec: HouseholdKindSpec;
  id: string;
  /** Its tenant's supervisor: arranges per-cell state (a fresh member, link, consent). */
  arranger: UserFixture;
  postcode: string;
  houseNumber: number;
  bsnMemberId: string;
  memberIds: string[];
  /** Care-team links made while building (ended ones too, once closed). */
  linkIds: string[];
  goalId: string;
  actionId: string;
  /** Where the client organisation is on the care team: an action it owns. */
  clientActionId?: string;
  assessmentIds: [string, string];
  contactId: string;
  escalationId: string;
  snoozeId: string;
  /** The emergency access grant of `emergencyHolder`, where the kind has one. */
  emergencyGrantId?: string;
  /** Everything that identifies the household or its people: none of it may appear in a denied answer. */
  secrets: string[];
}

export interface World {
  t: TestApp;
  people: Record<PersonKey, UserFixture>;
  organisations: Record<OrganisationKey, string>;
  households: Record<HouseholdKindKey, WorldHousehold>;
  lifeDomain: string;
  /** Registered by `linked` (partner organisation) about the own household. */
  signalId: string;
  /** Signals of the partner and welfare organisations about one unregistered family. */
  intakeItemId: string;
  /** In the coordinator's inbox. */
  notificationId: string;
  /** Of the partner organisation. */
  webhookId: string;
  /** An API client of the partner organisation (for the admin routes). */
  apiClientId: string;
  tokenOf(actor: ActorSpec): string;
  /** A new API client of the partner organisation, to rotate or revoke. */
  freshApiClient(): Promise<string>;
  /** A new household of this kind with its access facts (coordinator, links, closed) but no case content. */
  freshHousehold(kind: HouseholdKindKey): Promise<WorldHousehold>;
  freshMember(household: WorldHousehold): Promise<string>;
  freshLink(household: WorldHousehold): Promise<string>;
  freshConsent(household: WorldHousehold): Promise<string>;
  freshWebhook(): Promise<string>;
  /** A hand-over proposed to `coordinator` (from `thirdCoordinator`, of a new household), to accept or decline. */
  freshHandover(): Promise<string>;
  /** A standing emergency access grant of `emergencyHolder` (on a new household), to end. */
  freshEmergencyGrant(): Promise<{ householdId: string; grantId: string }>;
}

const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(65 + randomInt(26))).join('');
const word = () => letters(1) + letters(7).toLowerCase();

/** Builds the fixture world once per test file: two tenants, the actors' professionals and one household per kind. */
export async function buildWorld(t: TestApp): Promise<World> {
  const api = () => request(t.http);
  const home = await createTenantFixture(t.app, 'Matrixgemeente');
  const other = await createTenantFixture(t.app, 'Andere gemeente');
  const welfare = await createOrganisation(t.app, { tenantId: home.tenantId, name: 'Welzijn Oost', kind: 'welfare' });
  const clientOrg = await createOrganisation(t.app, { tenantId: home.tenantId, name: 'Schuldhulp West', kind: 'debt_counselling' });
  const bystander = await createOrganisation(t.app, { tenantId: home.tenantId, name: 'Woonstichting Noord', kind: 'housing' });
  const people: Record<PersonKey, UserFixture> = {
    admin: home.admin,
    supervisor: home.supervisor,
    coordinator: home.coordinator,
    linked: home.partner,
    withdrawn: home.secondPartner,
    unlinkedCoordinator: home.secondCoordinator,
    unlinkedProfessional: await createProfessional(t.app, { tenantId: home.tenantId, organisationId: welfare.id, name: 'Wim Welzijn', roles: ['professional'] }),
    emergencyHolder: await createProfessional(t.app, { tenantId: home.tenantId, organisationId: welfare.id, name: 'Nora Noodtoegang', roles: ['professional'] }),
    privacyOfficer: await createProfessional(t.app, { tenantId: home.tenantId, organisationId: home.ownOrganisationId, name: 'Priscilla Privacy', roles: ['privacy_officer'] }),
    thirdCoordinator: await createProfessional(t.app, { tenantId: home.tenantId, organisationId: home.ownOrganisationId, name: 'Tess Coordinator', roles: ['coordinator'] }),
    otherSupervisor: other.supervisor,
    otherCoordinator: other.coordinator,
  };
  const organisations: Record<OrganisationKey, string> = {
    team: home.ownOrganisationId,
    partner: home.partnerOrganisationId,
    welfare: welfare.id,
    clientOrg: clientOrg.id,
    bystander: bystander.id,
    otherTeam: other.ownOrganisationId,
  };
  const tenants: Record<TenantKey, TenantFixture> = { home, other };

  const domains = await api().get('/api/v1/life-domains').set(bearer(home.supervisor));
  const lifeDomain = (domains.body as Array<{ code: string }>)[0]!.code;

  async function call(as: UserFixture, method: 'post' | 'put' | 'patch', path: string, body: object, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
    const res = await api()[method](`/api/v1${path}`).set(bearer(as)).set(headers).send(body);
    if (res.status >= 300) throw new Error(`world: ${method.toUpperCase()} ${path} answered ${res.status} ${res.text}`);
    return res.body as Record<string, unknown>;
  }
  const id = (body: Record<string, unknown>) => body.id as string;

  async function link(h: { id: string; arranger: UserFixture }, organisationId: string, professionalId?: string): Promise<{ consentId: string; linkId: string }> {
    const consent = await call(h.arranger, 'post', `/households/${h.id}/consents`, { organisationId, purpose: 'Ondersteuning', basis: 'consent' });
    const created = await call(h.arranger, 'post', `/households/${h.id}/care-team`, { organisationId, ...(professionalId && { professionalId }), role: 'hulpverlener', basis: 'consent', consentId: id(consent) });
    return { consentId: id(consent), linkId: id(created) };
  }

  /** The access facts of a kind: members, coordinator, care team, consent withdrawal, closing (after `content`). */
  async function household(kind: HouseholdKindKey, content?: (h: WorldHousehold) => Promise<void>): Promise<WorldHousehold> {
    const spec = HOUSEHOLD_KINDS.find((k) => k.key === kind)!;
    const tenant = tenants[spec.tenant];
    const arranger = tenant.supervisor;
    const names = [word(), word(), word()];
    const postcode = `${1000 + randomInt(8999)} ${letters(2)}`;
    const reason = `Zorgen ${word()} ${word()}`;
    const houseNumber = 1 + randomInt(400);
    const created = await call(arranger, 'post', '/households', {
      postcode,
      houseNumber,
      district: 'Matrixwijk',
      registrationReason: reason,
      riskLevel: 'medium',
      members: [
        { givenName: names[0], familyName: names[2], dateOfBirth: '1985-02-03', role: 'parent', bsn: '111222333' },
        { givenName: names[1], familyName: names[2], dateOfBirth: '2013-06-07', role: 'child' },
      ],
    });
    const memberIds = (created.members as Array<{ id: string }>).map((m) => m.id);
    const h: WorldHousehold = {
      spec,
      id: id(created),
      arranger,
      postcode,
      houseNumber,
      bsnMemberId: memberIds[0]!,
      memberIds,
      linkIds: [],
      goalId: '',
      actionId: '',
      assessmentIds: ['', ''],
      contactId: '',
      escalationId: '',
      snoozeId: '',
      secrets: [id(created), ...memberIds, ...names, postcode, postcode.replace(' ', ''), reason],
    };
    // closed households were "own" households before they closed
    const facts = kind === 'closed' ? HOUSEHOLD_KINDS.find((k) => k.key === 'own')! : spec;
    const coordinator = facts.coordinator && people[facts.coordinator];
    if (coordinator) await call(arranger, 'put', `/households/${h.id}/coordinator`, { professionalId: coordinator.id, reason: 'Toewijzing' });
    for (const person of [...facts.careTeam, ...facts.formerCareTeam.filter((p) => !facts.careTeam.includes(p))]) {
      const { consentId, linkId } = await link(h, people[person].organisationId, people[person].id);
      h.secrets.push(consentId, linkId);
      h.linkIds.push(linkId);
      if (facts.formerCareTeam.includes(person) && kind !== 'closed') {
        await call(arranger, 'post', `/households/${h.id}/consents/${consentId}/withdraw`, { reason: 'Toestemming ingetrokken' });
      }
    }
    for (const organisation of facts.careTeamOrganisations) {
      const { consentId, linkId } = await link(h, organisations[organisation]);
      h.secrets.push(consentId, linkId);
      h.linkIds.push(linkId);
    }
    if (content) await content(h);
    if (!spec.open) await call(arranger, 'post', `/households/${h.id}/close`, { reason: 'Afgerond' });
    // break-the-glass last: the holder is not involved, so the grant is given (closed households too)
    for (const person of spec.emergency) {
      h.emergencyGrantId = id(await call(people[person], 'post', `/households/${h.id}/emergency-access`, { reason: 'Crisismelding: direct inzicht in het netwerk nodig' }));
      h.secrets.push(h.emergencyGrantId);
    }
    return h;
  }

  /** Plan with a goal and an action (owned by `linked`, or in another tenant by its coordinator), contact, assessments, escalation, snooze. */
  async function caseContent(h: WorldHousehold): Promise<void> {
    const as = h.arranger;
    const plan = await call(as, 'post', `/households/${h.id}/plan`, { familyWishes: `Wens ${word()}`, familyStrengths: 'Veerkracht' });
    const goal = await call(as, 'post', `/households/${h.id}/plan/goals`, { domainCode: lifeDomain, title: `Doel ${word()}` }, { 'If-Match': '"1"' });
    // an action's owner works on the case (422 OWNER_NOT_INVOLVED otherwise): the linked professional where they are
    // on the care team, else the arranging supervisor
    const facts = h.spec.key === 'closed' ? HOUSEHOLD_KINDS.find((k) => k.key === 'own')! : h.spec;
    const linkedWorksOn = facts.careTeam.includes('linked') && !facts.formerCareTeam.includes('linked');
    const owner = h.spec.tenant !== 'home' ? people.otherCoordinator : linkedWorksOn ? people.linked : as;
    const action = await call(as, 'post', `/households/${h.id}/plan/goals/${id(goal)}/actions`, { description: `Actie ${word()}`, owner: { type: 'professional', id: owner.id } }, { 'If-Match': '"2"' });
    const contact = await call(as, 'post', `/households/${h.id}/contacts`, { kind: 'home_visit', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), note: `Bezoek ${word()}` });
    const first = await call(as, 'post', `/households/${h.id}/assessments`, { assessedOn: dateIn(-10), scores: [{ domainCode: lifeDomain, score: 2 }] });
    const second = await call(as, 'post', `/households/${h.id}/assessments`, { assessedOn: dateIn(0), scores: [{ domainCode: lifeDomain, score: 3 }] });
    const escalation = await call(as, 'post', `/households/${h.id}/escalations`, { reason: `Stagnatie ${word()}` });
    const snooze = await call(as, 'post', `/supervision/stalled/${h.id}/snoozes`, { rule: 'NO_PLAN', until: dateIn(7), reason: 'Even wachten' });
    // where the client organisation is on the care team it owns an action too, so its API client has one to update
    const clientAction = h.spec.careTeamOrganisations.includes('clientOrg')
      ? await call(as, 'post', `/households/${h.id}/plan/goals/${id(goal)}/actions`, { description: `Actie ${word()}`, owner: { type: 'organisation', id: organisations.clientOrg } }, { 'If-Match': '"3"' })
      : undefined;
    if (clientAction) h.secrets.push(id(clientAction));
    Object.assign(h, { clientActionId: clientAction && id(clientAction), goalId: id(goal), actionId: id(action), contactId: id(contact), assessmentIds: [id(first), id(second)], escalationId: id(escalation), snoozeId: id(snooze) });
    h.secrets.push(id(plan), id(goal), id(action), id(contact), id(first), id(second), id(escalation), id(snooze), plan.familyWishes as string);
  }

  const households = {} as Record<HouseholdKindKey, WorldHousehold>;
  for (const spec of HOUSEHOLD_KINDS) households[spec.key] = await household(spec.key, caseContent);

  const own = households.own;
  const signal = await call(people.linked, 'post', '/signals', {
    postcode: own.postcode,
    houseNumber: own.houseNumber,
    dateOfBirth: '1985-02-03',
    category: 'debt',
    severity: 'medium',
    note: 'Huurachterstand',
  });
  const unregistered = { postcode: '9998 ZZ', houseNumber: 1 + randomInt(99_999), dateOfBirth: '2012-05-06', category: 'youth', severity: 'medium', note: 'Zorg' };
  await call(people.linked, 'post', '/signals', unregistered);
  const second = await call(people.unlinkedProfessional, 'post', '/signals', unregistered);
  const [intakeItem] = await systemDb(t.app).query<Array<{ intake_item_id: string }>>('SELECT intake_item_id FROM signal_intake_item_signal WHERE signal_id = $1', [id(second)]);
  if (!intakeItem) throw new Error('world: two organisations signalling made no intake item');
  const [notification] = await systemDb(t.app).query<Array<{ id: string }>>(
    `INSERT INTO notification (tenant_id, professional_id, event_id, type, household_id, payload)
     SELECT tenant_id, $1, id, type, household_id, '{}'::jsonb FROM outbox_event WHERE household_id = $2 ORDER BY id LIMIT 1 RETURNING id`,
    [people.coordinator.id, own.id],
  );
  async function createClient(organisationId: string, scopes: readonly string[]): Promise<{ clientId: string; clientSecret: string }> {
    const body = await call(people.admin, 'post', `/organisations/${organisationId}/api-clients`, { name: `Koppeling ${word()}`, scopes });
    return { clientId: body.clientId as string, clientSecret: body.clientSecret as string };
  }
  const freshApiClient = async () => (await createClient(organisations.partner, ['households:read'])).clientId;
  // API-client actors: a client of their organisation with their scopes, and a token from the OAuth2 endpoint
  const clientTokens: Record<string, string> = {};
  for (const actor of ACTORS.filter((a) => a.kind === 'client')) {
    const { clientId, clientSecret } = await createClient(organisations[actor.organisation], actor.scopes ?? []);
    const res = await api().post('/api/v1/oauth/token').auth(clientId, clientSecret).type('form').send({ grant_type: 'client_credentials' });
    if (res.status !== 200) throw new Error(`world: token for ${actor.key} answered ${res.status} ${res.text}`);
    clientTokens[actor.key] = (res.body as { access_token: string }).access_token;
  }
  const freshWebhook = async () =>
    id(await call(people.admin, 'post', `/organisations/${organisations.partner}/webhooks`, { url: `https://hooks.example.org/${word()}`, eventTypes: ['*'] }));

  return {
    t,
    people,
    organisations,
    households,
    lifeDomain,
    signalId: id(signal),
    intakeItemId: intakeItem.intake_item_id,
    notificationId: notification!.id,
    webhookId: await freshWebhook(),
    apiClientId: await freshApiClient(),
    tokenOf: (actor) => {
      if (actor.kind === 'client') return clientTokens[actor.key]!;
      if (!actor.person) throw new Error(`actor ${actor.key} has no token source in world.ts`);
      return people[actor.person].token;
    },
    freshApiClient,
    freshHousehold: (kind) => household(kind),
    freshMember: async (h) => id(await call(h.arranger, 'post', `/households/${h.id}/members`, { givenName: word(), familyName: word(), dateOfBirth: '2001-01-01', role: 'other' })),
    freshLink: async (h) => {
      // a closed household takes no new links: its ended ones answer 409 to whoever may manage the care team
      if (!h.spec.open) return h.linkIds[0]!;
      // one active link per organisation: each cell links an organisation of its own
      const organisation = await createOrganisation(t.app, { tenantId: tenants[h.spec.tenant].tenantId, kind: 'housing' });
      return id(await call(h.arranger, 'post', `/households/${h.id}/care-team`, { organisationId: organisation.id, role: 'woonbegeleiding', basis: 'legal_obligation' }));
    },
    freshConsent: async (h) => {
      const bystanderOf = h.spec.tenant === 'home' ? organisations.bystander : organisations.otherTeam;
      return id(await call(h.arranger, 'post', `/households/${h.id}/consents`, { organisationId: bystanderOf, purpose: 'Woonbegeleiding', basis: 'consent' }));
    },
    freshWebhook,
    freshHandover: async () => {
      const h = await household('unlinked');
      return id(await call(people.supervisor, 'post', `/households/${h.id}/coordination/handovers`, { toProfessionalId: people.coordinator.id, reason: 'Overdracht' }));
    },
    freshEmergencyGrant: async () => {
      const h = await household('unlinked');
      return { householdId: h.id, grantId: h.emergencyGrantId! };
    },
  };
}
