import { fakerNL as faker } from '@faker-js/faker';
import type { LegalBasis } from '../care-team/legal-basis.js';
import type { MemberRole, RiskLevel } from '../households/household-status.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';
import type { CaseworkRole, Role } from '../professionals/roles.js';
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
 * year". Built synchronously from fakerNL with a fixed seed, so every run produces the same municipality,
 * people and plans (dates are relative to `today`, so overdue stays overdue). Nothing here touches the
 * database; demo-seed.ts plays the story through the application services.
 */

export const DEMO_SEED = 43;
export const DEMO_TENANT = { name: 'Gemeente Demostad', slug: 'demostad' } as const;

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
  /** Where the action ends up after the story: open (overdue when dueDate is past), in progress or done. */
  status: 'open' | 'in_progress' | 'done';
}

export interface GoalSpec {
  domainCode: string;
  title: string;
  targetDate: string;
  achieved: boolean;
  actions: ActionSpec[];
}

export interface CareTeamLinkSpec {
  organisationKey: string;
  professionalKey?: string;
  role: string;
  basis: LegalBasis;
}

export interface PlanSpec {
  familyWishes: string;
  familyStrengths: string;
  reviewDate: string;
  networkMembers: Array<{ name: string; relation: string; support: string }>;
  communityResources: Array<{ name: string; kind: string; note?: string }>;
  goals: GoalSpec[];
}

/**
 * heavy: the three that still cause serious nuisance; active / aftercare: on their way; closed: done;
 * reopened: closed, then back (recurrence); intake: coordinator but no plan yet; registered: waiting for one.
 */
export type HouseholdKind = 'heavy' | 'active' | 'aftercare' | 'closed' | 'reopened' | 'intake' | 'registered';

export interface HouseholdSpec {
  kind: HouseholdKind;
  postcode: string;
  houseNumber: number;
  houseNumberSuffix?: string;
  district: string;
  registrationReason: string;
  riskLevel: RiskLevel;
  /** Risk after the year of work (set through PATCH), if it changed. */
  finalRiskLevel?: RiskLevel;
  members: Array<{ givenName: string; familyName: string; dateOfBirth: string; role: MemberRole }>;
  /** The coordinator at the end of the story. */
  coordinatorKey?: string;
  /** Set when the case was first held by someone else and handed over. */
  firstCoordinatorKey?: string;
  assignedBySupervisor: boolean;
  assignReason: string;
  careTeam: CareTeamLinkSpec[];
  plan?: PlanSpec;
  closeReason?: string;
  /** For the reopened household: the goal added after it came back. */
  afterReopen?: { goal: GoalSpec; careTeam: CareTeamLinkSpec };
}

export interface DemoStory {
  organisations: OrganisationSpec[];
  professionals: ProfessionalSpec[];
  /** Which professional's token is printed for each role. */
  tokenHolders: Record<CaseworkRole, string>;
  households: HouseholdSpec[];
}

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

/** 43 in total: 3 heavy + 10 active + 8 aftercare + 17 closed + 1 reopened + 1 intake + 3 registered. */
const KINDS: Array<[HouseholdKind, number]> = [
  ['heavy', 3],
  ['active', 10],
  ['aftercare', 8],
  ['closed', 17],
  ['reopened', 1],
  ['intake', 1],
  ['registered', 3],
];

export function buildDemoStory(today: Date = new Date()): DemoStory {
  faker.seed(DEMO_SEED);
  const { organisations, professionals } = buildRoster();
  const ctx = new StoryContext(today, professionals);
  const households: HouseholdSpec[] = [];
  for (const [kind, count] of KINDS) {
    for (let i = 0; i < count; i++) households.push(buildHousehold(ctx, kind, i));
  }
  return {
    organisations,
    professionals,
    tokenHolders: { admin: 'admin', supervisor: 'supervisor', coordinator: 'coordinator1', professional: 'youth1' },
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
  coordinatorKey?: string;
  networkMembers: PlanSpec['networkMembers'];
  /** Whether a text suits this family (a father at home, a teenage son). */
  fits: (text: { needs?: Need }) => boolean;
}

class StoryContext {
  private readonly usedAddresses = new Set<string>();

  constructor(
    readonly today: Date,
    readonly professionals: ProfessionalSpec[],
  ) {}

  /** yyyy-mm-dd, `days` from today (negative: in the past). */
  date(days: number): string {
    return new Date(this.today.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  }

  birthDate(minAge: number, maxAge: number): string {
    const days = faker.number.int({ min: minAge * 365 + 1, max: maxAge * 365 + 364 });
    return this.date(-days);
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

function buildHousehold(ctx: StoryContext, kind: HouseholdKind, indexInKind: number): HouseholdSpec {
  const district =
    kind === 'heavy'
      ? DISTRICTS.find((d) => d.name === (indexInKind === 0 ? 'Oosterpoort' : 'Havenkwartier'))!
      : faker.helpers.weightedArrayElement(DISTRICTS.map((d) => ({ weight: d.weight, value: d })));
  const { members, traits } = buildMembers(ctx);
  const fits = (text: { needs?: Need }) => text.needs === undefined || traits.has(text.needs);
  const coordinatorKey =
    kind === 'registered'
      ? undefined
      : kind === 'heavy'
        ? 'coordinator1'
        : faker.helpers.weightedArrayElement([
            { weight: 5, value: 'coordinator1' },
            { weight: 3, value: 'coordinator2' },
            { weight: 3, value: 'coordinator3' },
            { weight: 2, value: 'coordinator4' },
          ]);
  const handedOver = kind === 'active' && indexInKind === 0;
  const riskLevel: RiskLevel = kind === 'heavy' || faker.datatype.boolean(0.3) ? 'critical' : 'high';
  const finalRiskLevel: RiskLevel | undefined = (
    { heavy: indexInKind === 2 ? 'high' : undefined, active: 'medium', aftercare: 'low', closed: 'low', reopened: 'high', intake: undefined, registered: undefined } as const
  )[kind];

  const spec: HouseholdSpec = {
    kind,
    ...ctx.address(district),
    district: district.name,
    registrationReason: faker.helpers.arrayElement(REGISTRATION_REASONS),
    riskLevel,
    finalRiskLevel: finalRiskLevel === riskLevel ? undefined : finalRiskLevel,
    members,
    coordinatorKey: handedOver ? 'coordinator1' : coordinatorKey,
    firstCoordinatorKey: handedOver ? 'coordinator2' : undefined,
    assignedBySupervisor: faker.datatype.boolean(0.4),
    assignReason: faker.helpers.arrayElement(ASSIGN_REASONS),
    careTeam: [],
  };
  if (kind === 'registered') return spec;

  // Goals first: their life domains decide which partners join the care team (at most three).
  // Closed cases keep a lean plan (every goal reached, every step done); open ones show the work in progress.
  const goalCount = kind === 'heavy' ? faker.number.int({ min: 3, max: 4 }) : kind === 'closed' ? 2 : faker.number.int({ min: 2, max: 3 });
  const domains = pickDomains(goalCount);
  const partnerKinds = [...new Set(domains.map((d) => DOMAIN_TEXTS[d]!.partner).filter((k): k is OrganisationKind => k !== undefined))];
  if (partnerKinds.length === 0) partnerKinds.push('youth_care');
  spec.careTeam = partnerKinds.map((partnerKind) => careTeamLink(ctx, partnerKind, kind === 'heavy' && indexInKind === 0));
  if (kind === 'intake') {
    spec.careTeam = spec.careTeam.slice(0, 1);
    return spec;
  }

  const networkMembers = faker.helpers.arrayElements(NETWORK, { min: 1, max: 3 }).map((n) => ({ name: n.name(faker.person.firstName()), relation: n.relation, support: n.support }));
  const reviewDate = kind === 'heavy' && indexInKind === 0 ? ctx.date(-12) : ctx.date(faker.number.int({ min: 14, max: 90 }));
  const scope: OwnerScope = { members, careTeam: spec.careTeam, coordinatorKey: spec.coordinatorKey, networkMembers, fits };
  // The family's own words: a wish about what their goals are about, sometimes with a general one.
  const wishes = FAMILY_WISHES.filter(fits);
  const aboutGoals = wishes.filter((w) => w.domains?.some((d) => domains.includes(d)));
  const general = wishes.filter((w) => !w.domains);
  const familyWishes = [
    ...(aboutGoals.length > 0 ? [faker.helpers.arrayElement(aboutGoals)] : []),
    ...(aboutGoals.length === 0 || faker.datatype.boolean(0.4) ? [faker.helpers.arrayElement(general)] : []),
  ];
  spec.plan = {
    familyWishes: familyWishes.map((w) => w.text).join(' '),
    familyStrengths: faker.helpers.arrayElements(FAMILY_STRENGTHS.filter(fits), { min: 1, max: 2 }).map((s) => s.text).join(' '),
    reviewDate,
    networkMembers,
    communityResources: faker.helpers.arrayElements(COMMUNITY_RESOURCES, { min: 1, max: 2 }),
    goals: domains.map((domainCode) => buildGoal(ctx, kind, domainCode, scope)),
  };
  if (kind === 'closed' || kind === 'reopened') spec.closeReason = faker.helpers.arrayElement(CLOSE_REASONS);
  if (kind === 'reopened') {
    // Back after the eldest son moved home again: the police are involved once more, with a new goal.
    const careTeam = careTeamLink(ctx, 'police', false);
    spec.afterReopen = { careTeam, goal: buildGoal(ctx, 'active', 'justice', { ...scope, careTeam: [...spec.careTeam, careTeam] }) };
  }
  return spec;
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

function careTeamLink(ctx: StoryContext, partnerKind: OrganisationKind, critical: boolean): CareTeamLinkSpec {
  const partner = PARTNERS.find((p) => p.kind === partnerKind)!;
  const staff = ctx.staffOf(partner.key);
  // The youth-care professional whose token the demo prints is on most youth-care links; some links are organisation-wide.
  const professional =
    partner.key === 'youth' ? (faker.datatype.boolean(0.85) ? staff[0] : staff[1]) : faker.datatype.boolean(0.75) ? faker.helpers.arrayElement(staff) : undefined;
  const basis: LegalBasis =
    partnerKind === 'police' ? 'legal_obligation' : partnerKind === 'school' ? 'public_task' : critical && partnerKind === 'youth_care' ? 'vital_interest' : 'consent';
  return { organisationKey: partner.key, professionalKey: professional?.key, role: CARE_TEAM_ROLES[partnerKind]!, basis };
}

function buildGoal(ctx: StoryContext, kind: HouseholdKind, domainCode: string, household: OwnerScope): GoalSpec {
  const texts = DOMAIN_TEXTS[domainCode]!;
  const finished = kind === 'closed' || kind === 'reopened';
  const actionCount = kind === 'closed' ? { min: 1, max: 2 } : { min: 1, max: 3 };
  const actions = faker.helpers.arrayElements(texts.actions.filter(household.fits), actionCount).map((a) => buildAction(ctx, kind, a, texts.partner, household));
  return {
    domainCode,
    title: faker.helpers.arrayElement(texts.goals.filter(household.fits)).text,
    targetDate: ctx.date(finished ? -faker.number.int({ min: 20, max: 120 }) : faker.number.int({ min: 30, max: 180 })),
    achieved: finished || (kind === 'aftercare' && faker.datatype.boolean(0.5)),
    actions,
  };
}

function buildAction(
  ctx: StoryContext,
  kind: HouseholdKind,
  text: ActionText,
  partnerKind: OrganisationKind | undefined,
  household: OwnerScope,
): ActionSpec {
  const owner = resolveOwner(ctx, text, partnerKind, household);
  const roll = faker.number.float({ min: 0, max: 1 });
  let status: ActionSpec['status'];
  let dueDate: string;
  const past = (min: number, max: number) => ctx.date(-faker.number.int({ min, max }));
  const future = (min: number, max: number) => ctx.date(faker.number.int({ min, max }));
  switch (kind) {
    case 'heavy':
      [status, dueDate] = roll < 0.5 ? ['open', past(15, 60)] : roll < 0.7 ? ['in_progress', future(7, 30)] : ['done', past(5, 40)];
      break;
    case 'closed':
    case 'reopened':
      [status, dueDate] = ['done', past(30, 200)];
      break;
    case 'aftercare':
      [status, dueDate] = roll < 0.75 ? ['done', past(10, 90)] : ['open', future(10, 60)];
      break;
    default:
      [status, dueDate] =
        roll < 0.35 ? ['done', past(3, 60)] : roll < 0.5 ? ['open', past(3, 30)] : roll < 0.7 ? ['in_progress', future(5, 40)] : ['open', future(7, 60)];
  }
  return { description: text.text, owner, dueDate, status };
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
      if (household.coordinatorKey) return { type: 'professional', key: household.coordinatorKey };
      break;
    case 'child': {
      const olderChildren = household.members.flatMap((m, i) => (m.role === 'child' && m.dateOfBirth <= ctx.date(-11 * 366) ? [i] : []));
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
