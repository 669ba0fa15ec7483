import { fakerNL as faker } from '@faker-js/faker';
import type { LegalBasis } from '../common/legal-basis.js';
import type { RiskLevel } from '../households/household-status.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';
import type { Role } from '../common/roles.js';
import { DemoCalendar } from './demo-calendar.js';
import { scheduleHousehold, type Profile } from './demo-schedule.js';
import type { CareTeamLinkSpec, DemoStory, GoalDraft, HouseholdKind, HouseholdSpec, OrganisationSpec, OwnerSpec, PlanSpec, ProfessionalSpec } from './demo-story-types.js';
import {
  ASSIGN_REASONS,
  CARE_TEAM_ROLES,
  CLOSE_REASONS,
  COMMUNITY_RESOURCES,
  DOMAIN_TEXTS,
  FAMILY_STRENGTHS,
  FAMILY_WISHES,
  NETWORK,
  REGISTRATION_REASONS,
  type ActionText,
  type Need,
} from './demo-texts.js';

/**
 * The seed story as data: "a coordinator brought 43 families that caused serious nuisance down to 3 within a
 * year". All 43 were registered and had a coordinator by the end of the first month of the supervisor's
 * twelve-month window; most closed during the year (some after a spell of aftercare), two came back and closed
 * again, one came back last week and waits for a coordinator, three heavy cases are still open. Built
 * synchronously from fakerNL with a fixed seed; every moment is relative to `today` (demo-calendar.ts), so the
 * year always ends now. Nothing here touches the database: demo-history.ts turns it into rows.
 */

export const DEMO_SEED = 43;
export const DEMO_TENANT = { name: 'Gemeente Demostad', slug: 'demostad' } as const;

const DISTRICTS: Array<{ name: string; postcode: number; weight: number }> = [
  { name: 'Centrum', postcode: 6811, weight: 5 },
  { name: 'Oosterpoort', postcode: 6822, weight: 12 },
  { name: 'De Akkers', postcode: 6833, weight: 7 },
  { name: 'Westerpark', postcode: 6841, weight: 7 },
  { name: 'Havenkwartier', postcode: 6845, weight: 10 },
];

const PARTNERS: Array<{ key: string; name: string; kind: OrganisationKind; domain: string; staff: number }> = [
  { key: 'youth', name: 'Jeugdhulp Demostad', kind: 'youth_care', domain: 'jeugdhulp-demostad.example.nl', staff: 2 },
  { key: 'ggz', name: 'GGZ Demostad', kind: 'mental_health', domain: 'ggz-demostad.example.nl', staff: 1 },
  { key: 'debt', name: 'Schuldhulpverlening Demostad', kind: 'debt_counselling', domain: 'schuldhulp-demostad.example.nl', staff: 2 },
  { key: 'housing', name: 'Woonstichting De Linde', kind: 'housing', domain: 'delinde.example.nl', staff: 1 },
  { key: 'school', name: 'Het Baken College', kind: 'school', domain: 'hetbaken.example.nl', staff: 1 },
  { key: 'police', name: 'Politie Basisteam Demostad', kind: 'police', domain: 'politie-demostad.example.nl', staff: 1 },
];

const TEAM = { key: 'team', name: 'Sociaal Wijkteam Demostad', domain: 'wijkteam-demostad.example.nl' };
const COORDINATORS = ['coordinator1', 'coordinator2', 'coordinator3', 'coordinator4'];
/** The municipality's functionaris gegevensbescherming: the access report, the audit trail, privacy requests. */
const PRIVACY_OFFICER: ProfessionalSpec = { key: 'privacy', organisationKey: TEAM.key, name: 'Femke de Wit', email: `fg@${TEAM.domain}`, roles: ['privacy_officer'] };

/**
 * When the 37 households that simply close do so: per month of the window (0 = the first, 11 = the current one).
 * With the two that recur and the one that returns, the households in care at the end of each month run
 * 43, 41, 37, 32, 29, 24, 19, 15, 10, 6, 3, 3.
 */
const CLOSINGS_PER_MONTH = [0, 2, 3, 4, 4, 5, 5, 4, 4, 3, 3, 0];
/** The two recurrences: closed, reopened, closed again (months of the window). */
const RECURRENCES = [
  { closeMonth: 2, reopenMonth: 4, closeAgainMonth: 8 },
  { closeMonth: 3, reopenMonth: 5, closeAgainMonth: 9 },
];
/** The household that came back last week: closed in this month (reopened five days ago, demo-schedule.ts). */
const RETURNING_CLOSE_MONTH = 5;

export function buildDemoStory(today: Date = new Date()): DemoStory {
  faker.seed(DEMO_SEED);
  const { organisations, professionals } = buildRoster();
  const ctx = new StoryContext(new DemoCalendar(today), professionals);
  const households: HouseholdSpec[] = [];
  const heavy: Profile[] = ['stalled', 'flat', 'progressing'];
  heavy.forEach((profile, i) => households.push(buildHousehold(ctx, 'heavy', i, profile)));
  let closed = 0;
  CLOSINGS_PER_MONTH.forEach((count, month) => {
    for (let i = 0; i < count; i++, closed++) households.push(buildHousehold(ctx, 'closed', closed, 'closing', { closeMonth: month }));
  });
  RECURRENCES.forEach((months, i) => households.push(buildHousehold(ctx, 'recurred', i, 'closing', months)));
  households.push(buildHousehold(ctx, 'returning', 0, 'closing', { closeMonth: RETURNING_CLOSE_MONTH }));
  return {
    organisations,
    // the privacy officer works on no case, so the story never picks them: added after it, with no draw of the seeded
    // generator, so every family stays as the README tells it
    professionals: [...professionals, PRIVACY_OFFICER],
    tokenHolders: { admin: 'admin', supervisor: 'supervisor', coordinator: 'coordinator1', professional: 'youth1', privacy_officer: PRIVACY_OFFICER.key },
    households,
  };
}

function buildRoster(): { organisations: OrganisationSpec[]; professionals: ProfessionalSpec[] } {
  const organisations: OrganisationSpec[] = [
    { key: TEAM.key, name: TEAM.name, kind: 'municipal_team', isIntakeTeam: true },
    ...PARTNERS.map((p) => ({ key: p.key, name: p.name, kind: p.kind, isIntakeTeam: false })),
  ];
  const emails = new Set<string>();
  const person = (key: string, organisationKey: string, domain: string, roles: Role[]): ProfessionalSpec => {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    let email = `${ascii(first)}.${ascii(last)}@${domain}`;
    for (let n = 2; emails.has(email); n++) email = `${ascii(first)}.${ascii(last)}${n}@${domain}`;
    emails.add(email);
    return { key, organisationKey, name: `${first} ${last}`, email, roles };
  };
  const professionals: ProfessionalSpec[] = [
    person('admin', TEAM.key, TEAM.domain, ['admin']),
    person('supervisor', TEAM.key, TEAM.domain, ['supervisor']),
    ...COORDINATORS.map((key) => person(key, TEAM.key, TEAM.domain, ['coordinator'])),
  ];
  for (const partner of PARTNERS) {
    for (let i = 1; i <= partner.staff; i++) professionals.push(person(`${partner.key}${i}`, partner.key, partner.domain, ['professional']));
  }
  return { organisations, professionals };
}

/** What an action owner can be chosen from. */
interface OwnerScope {
  members: HouseholdSpec['members'];
  careTeam: CareTeamLinkSpec[];
  coordinatorKey: string;
  networkMembers: PlanSpec['networkMembers'];
  /** Whether a text suits this family (a father at home, a teenage son). */
  fits: (text: { needs?: Need }) => boolean;
}

class StoryContext {
  private readonly usedAddresses = new Set<string>();

  constructor(
    readonly calendar: DemoCalendar,
    readonly professionals: ProfessionalSpec[],
  ) {}

  birthDate(minAge: number, maxAge: number): string {
    return this.calendar.dateFromNow(-faker.number.int({ min: minAge * 365 + 1, max: maxAge * 365 + 364 }));
  }

  address(district: (typeof DISTRICTS)[number]): { postcode: string; houseNumber: number; houseNumberSuffix?: string } {
    for (;;) {
      // Dutch postcodes never use the letter pairs SA, SD and SS.
      const letters = faker.helpers.arrayElement(['AB', 'AC', 'AE', 'AG', 'AH', 'AK', 'AL', 'AM', 'AN', 'AP', 'AR', 'AT', 'AV', 'AW', 'AX', 'AZ', 'BA', 'BB', 'BC', 'BE', 'BG', 'BH', 'BJ', 'BK', 'BL', 'BM', 'BN', 'BP', 'BR', 'BS', 'BT', 'BV', 'BW', 'BX', 'CA', 'CB', 'CC', 'CD', 'CE', 'CG', 'CH', 'CJ', 'CK', 'CL', 'CM', 'CN', 'CP', 'CR', 'CS', 'CT', 'CV', 'CW', 'CX', 'CZ']);
      const postcode = `${district.postcode} ${letters}`;
      const houseNumber = faker.number.int({ min: 1, max: 240 });
      const houseNumberSuffix = faker.datatype.boolean(0.2) ? faker.helpers.arrayElement(['A', 'B', 'C', 'bis', 'I', 'II', 'III']) : undefined;
      const key = `${postcode}|${houseNumber}|${houseNumberSuffix ?? ''}`;
      if (this.usedAddresses.has(key)) continue;
      this.usedAddresses.add(key);
      return { postcode, houseNumber, houseNumberSuffix };
    }
  }

  staffOf(organisationKey: string): ProfessionalSpec[] {
    return this.professionals.filter((p) => p.organisationKey === organisationKey);
  }
}

function buildHousehold(
  ctx: StoryContext,
  kind: HouseholdKind,
  index: number,
  profile: Profile,
  months: { closeMonth?: number; reopenMonth?: number; closeAgainMonth?: number } = {},
): HouseholdSpec {
  const district =
    kind === 'heavy'
      ? DISTRICTS.find((d) => d.name === (index === 1 ? 'Havenkwartier' : 'Oosterpoort'))!
      : faker.helpers.weightedArrayElement(DISTRICTS.map((d) => ({ weight: d.weight, value: d })));
  const { members, traits } = buildMembers(ctx);
  const fits = (text: { needs?: Need }) => text.needs === undefined || traits.has(text.needs);
  const coordinatorKey =
    kind === 'heavy'
      ? 'coordinator1'
      : faker.helpers.weightedArrayElement([
          { weight: 5, value: 'coordinator1' },
          { weight: 3, value: 'coordinator2' },
          { weight: 3, value: 'coordinator3' },
          { weight: 2, value: 'coordinator4' },
        ]);
  const riskLevel: RiskLevel = kind === 'heavy' || faker.datatype.boolean(0.3) ? 'critical' : 'high';

  // Goals first: their life domains decide which partners join the care team (at most three). The heavy cases
  // all have youth care, whose printed professional is on their care team.
  const domains = pickDomains(kind === 'heavy' ? faker.number.int({ min: 3, max: 4 }) : faker.number.int({ min: 2, max: 3 }));
  const partnerKinds = [...new Set(domains.map((d) => DOMAIN_TEXTS[d]!.partner).filter((k): k is OrganisationKind => k !== undefined))];
  if (kind === 'heavy' ? !partnerKinds.includes('youth_care') : partnerKinds.length === 0) partnerKinds.unshift('youth_care');
  const careTeam = partnerKinds.map((partnerKind) => careTeamLink(ctx, partnerKind, kind === 'heavy' && index === 0, kind === 'heavy'));

  const networkMembers = faker.helpers.arrayElements(NETWORK, { min: 1, max: 3 }).map((n) => ({ name: n.name(faker.person.firstName()), relation: n.relation, support: n.support }));
  const scope: OwnerScope = { members, careTeam, coordinatorKey, networkMembers, fits };
  // The family's own words: a wish about what their goals are about, sometimes with a general one.
  const wishes = FAMILY_WISHES.filter(fits);
  const aboutGoals = wishes.filter((w) => w.domains?.some((d) => domains.includes(d)));
  const general = wishes.filter((w) => !w.domains);
  const familyWishes = [
    ...(aboutGoals.length > 0 ? [faker.helpers.arrayElement(aboutGoals)] : []),
    ...(aboutGoals.length === 0 || faker.datatype.boolean(0.4) ? [faker.helpers.arrayElement(general)] : []),
  ];
  const goals = domains.map((domainCode) => draftGoal(ctx, domainCode, scope, kind === 'heavy' ? 3 : 2));
  // Back after the eldest son moved home again: the police are involved once more, with a new goal.
  const police = careTeamLink(ctx, 'police', false, false);
  const reopenGoal = draftGoal(ctx, 'justice', { ...scope, careTeam: [...careTeam, police] }, 2);

  return scheduleHousehold(ctx.calendar, {
    kind,
    index,
    profile,
    months,
    base: {
      kind,
      ...ctx.address(district),
      district: district.name,
      registrationReason: faker.helpers.arrayElement(REGISTRATION_REASONS),
      riskLevel,
      members,
      registeredBySupervisor: faker.datatype.boolean(0.4),
    },
    coordinatorKey,
    assignReason: faker.helpers.arrayElement(ASSIGN_REASONS),
    closeReasons: [faker.helpers.arrayElement(CLOSE_REASONS), faker.helpers.arrayElement(CLOSE_REASONS)],
    careTeam,
    plan: {
      familyWishes: familyWishes.map((w) => w.text).join(' '),
      familyStrengths: faker.helpers.arrayElements(FAMILY_STRENGTHS.filter(fits), { min: 1, max: 2 }).map((s) => s.text).join(' '),
      networkMembers,
      communityResources: faker.helpers.arrayElements(COMMUNITY_RESOURCES, { min: 1, max: 2 }),
    },
    goals,
    reopen: { careTeam: police, goal: reopenGoal },
  });
}

function buildMembers(ctx: StoryContext): { members: HouseholdSpec['members']; traits: Set<Need> } {
  const familyName = faker.person.lastName();
  const members: HouseholdSpec['members'] = [];
  const traits = new Set<Need>();
  const twoParents = faker.datatype.boolean(0.55);
  const grandparent = faker.datatype.boolean(0.15);
  const size = faker.number.int({ min: 2, max: 6 });
  const children = Math.max(1, size - (twoParents ? 2 : 1) - (grandparent ? 1 : 0));
  members.push({ givenName: faker.person.firstName('female'), familyName, dateOfBirth: ctx.birthDate(27, 48), role: 'parent' });
  if (twoParents) {
    traits.add('father');
    const partnerName = faker.datatype.boolean(0.3) ? faker.person.lastName() : familyName;
    members.push({ givenName: faker.person.firstName('male'), familyName: partnerName, dateOfBirth: ctx.birthDate(29, 54), role: 'parent' });
  }
  for (let i = 0; i < children; i++) {
    // The eldest is at least twelve: these are families whose teenagers are part of the nuisance.
    const sex = faker.person.sexType();
    if (i === 0 && sex === 'male') traits.add('son');
    members.push({ givenName: faker.person.firstName(sex), familyName, dateOfBirth: ctx.birthDate(i === 0 ? 12 : 1, i === 0 ? 17 : 11), role: 'child' });
  }
  if (grandparent) members.push({ givenName: faker.person.firstName(), familyName: faker.person.lastName(), dateOfBirth: ctx.birthDate(62, 84), role: 'other' });
  return { members, traits };
}

/** 2–4 different domains, whose partners add up to at most three organisations. */
function pickDomains(count: number): string[] {
  const picked: string[] = [];
  const partners = new Set<OrganisationKind>();
  for (const code of faker.helpers.shuffle(Object.keys(DOMAIN_TEXTS))) {
    const partner = DOMAIN_TEXTS[code]!.partner;
    if (partner && !partners.has(partner) && partners.size >= 3) continue;
    if (partner) partners.add(partner);
    picked.push(code);
    if (picked.length === count) break;
  }
  return picked;
}

function careTeamLink(ctx: StoryContext, partnerKind: OrganisationKind, critical: boolean, printedYouthWorker: boolean): CareTeamLinkSpec {
  const partner = PARTNERS.find((p) => p.kind === partnerKind)!;
  const staff = ctx.staffOf(partner.key);
  // The youth-care professional whose token the demo prints is on most youth-care links; some links are organisation-wide.
  const professional =
    partner.key === 'youth'
      ? printedYouthWorker || faker.datatype.boolean(0.85)
        ? staff[0]
        : staff[1]
      : faker.datatype.boolean(0.75)
        ? faker.helpers.arrayElement(staff)
        : undefined;
  const basis: LegalBasis =
    partnerKind === 'police' ? 'legal_obligation' : partnerKind === 'school' ? 'public_task' : critical && partnerKind === 'youth_care' ? 'vital_interest' : 'consent';
  return { organisationKey: partner.key, professionalKey: professional?.key, role: CARE_TEAM_ROLES[partnerKind]!, basis };
}

function draftGoal(ctx: StoryContext, domainCode: string, household: OwnerScope, maxActions: number): GoalDraft {
  const texts = DOMAIN_TEXTS[domainCode]!;
  const actions = faker.helpers.arrayElements(texts.actions.filter(household.fits), { min: 1, max: maxActions }).map((a) => ({
    description: a.text,
    owner: resolveOwner(ctx, a, texts.partner, household),
  }));
  return { domainCode, title: faker.helpers.arrayElement(texts.goals.filter(household.fits)).text, actions };
}

function resolveOwner(ctx: StoryContext, text: ActionText, partnerKind: OrganisationKind | undefined, household: OwnerScope): OwnerSpec {
  const parentIndex = () => faker.helpers.arrayElement(household.members.flatMap((m, i) => (m.role === 'parent' ? [i] : [])));
  const partner = PARTNERS.find((p) => p.kind === partnerKind);
  const link = partner && household.careTeam.find((l) => l.organisationKey === partner.key);
  switch (text.owner) {
    case 'partner':
      if (link) return link.professionalKey ? { type: 'professional', key: link.professionalKey } : { type: 'organisation', key: link.organisationKey };
      break;
    case 'partner_org':
      if (link) return { type: 'organisation', key: link.organisationKey };
      break;
    case 'coordinator':
      return { type: 'professional', key: household.coordinatorKey };
    case 'child': {
      const olderChildren = household.members.flatMap((m, i) => (m.role === 'child' && m.dateOfBirth <= ctx.calendar.dateFromNow(-11 * 366) ? [i] : []));
      if (olderChildren.length > 0) return { type: 'member', index: faker.helpers.arrayElement(olderChildren) };
      break;
    }
    case 'network': {
      const network = household.networkMembers;
      if (network.length > 0) return { type: 'network_member', index: faker.number.int({ min: 0, max: network.length - 1 }) };
      break;
    }
    case 'parent':
      break;
  }
  return { type: 'member', index: parentIndex() };
}

/** "Jaël van der Berg" → "jaelvanderberg": e-mail local parts without diacritics or spaces. */
function ascii(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
