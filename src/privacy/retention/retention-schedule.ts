import type { Period, PeriodUnit } from './retention-period.js';
import { PERIOD_UNITS } from './retention-period.js';

/**
 * The retention schedule: every record category Eenplan keeps, with its legal basis, the moment its period starts,
 * the default period and the bounds a municipality's privacy officer may set it within. Defaults and sources are
 * explained in docs/PRIVACY.md; a municipality's overrides live in `retention_setting`.
 */
export const RETENTION_CATEGORIES = [
  'case_file',
  'signals',
  'audit_events',
  'inbox_items',
  'emails',
  'webhook_deliveries',
  'idempotency_records',
  'outbox_events',
  'privacy_requests',
] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

/** When a category's period starts. */
export const START_MOMENTS = ['case_closure', 'creation', 'end_of_month_recorded', 'event_time', 'request_completion'] as const;
export type StartMoment = (typeof START_MOMENTS)[number];

/** What happens to an expired record. */
export const RETENTION_ACTIONS = ['delete', 'retire_segment', 'follows'] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];

export interface CategoryDefinition {
  description: string;
  legalBasis: string;
  startsAt: StartMoment;
  action: RetentionAction;
  defaultPeriod: Period;
  /** The privacy officer may change the period within these bounds; `null`: fixed (set by the system). */
  bounds: { min: Period; max: Period } | null;
  /** For `follows`: the category whose period and purge it shares. */
  follows?: RetentionCategory;
}

const years = (amount: number): Period => ({ amount, unit: 'years' });
const days = (amount: number): Period => ({ amount, unit: 'days' });

export const RETENTION_SCHEDULE: Record<RetentionCategory, CategoryDefinition> = {
  case_file: {
    description:
      'The case: household, members, plan with its revisions, goals, actions, network, contacts, assessments, escalations, consents, care team, coordination history, the case history (domain events) and what was delivered about it. Deleted whole, with every dependent row, once the period after closure has passed (never while open or held).',
    legalBasis: 'AVG art. 6(1)(e) public task under the Wmo 2015, Participatiewet and Jeugdwet; period from the Archiefwet 1995 and the Selectielijst gemeenten; Jeugdwet art. 7.3.11 (20 years) for youth-care files',
    startsAt: 'case_closure',
    action: 'delete',
    defaultPeriod: years(7),
    bounds: { min: years(1), max: years(30) },
  },
  signals: {
    description: 'Concerns reported by partners (matched for 2 years, then kept) with their intake-item links. Deleted once the period after reporting has passed.',
    legalBasis: 'AVG art. 6(1)(e) public task (Wmo 2015 art. 2.3.2, Jeugdwet art. 2.1); as built in the signals module: active 2 years, kept 5',
    startsAt: 'creation',
    action: 'delete',
    defaultPeriod: years(5),
    bounds: { min: years(2), max: years(10) },
  },
  audit_events: {
    description:
      'Who saw or changed what (NEN 7513). Kept at least as long as the case file: a month of a municipality’s trail is retired — a signed retirement record kept, then its events and seals removed — only once the period after that month has passed and no event in it concerns a case still kept.',
    legalBasis: 'AVG art. 5(2) and 32 (accountability, security of processing); NEN 7513; kept at least as long as the records they concern',
    startsAt: 'end_of_month_recorded',
    action: 'retire_segment',
    defaultPeriod: years(8),
    bounds: { min: years(1), max: years(31) },
  },
  inbox_items: {
    description: 'Notifications in professionals’ inboxes. Deleted once the period after creation has passed.',
    legalBasis: 'AVG art. 6(1)(e), storage limitation art. 5(1)(e): a notice is only useful for a short time',
    startsAt: 'creation',
    action: 'delete',
    defaultPeriod: days(90),
    bounds: { min: days(7), max: years(2) },
  },
  emails: {
    description: 'E-mails are sent from inbox items and not stored apart: what remains is the item’s e-mail stamp, deleted with the item.',
    legalBasis: 'As inbox items',
    startsAt: 'creation',
    action: 'follows',
    defaultPeriod: days(90),
    bounds: null,
    follows: 'inbox_items',
  },
  webhook_deliveries: {
    description: 'Finished webhook deliveries to partners and their attempts (the delivery log). Deleted once the period after creation has passed; pending deliveries are never deleted.',
    legalBasis: 'AVG art. 5(1)(e) and 32: a short log for troubleshooting and accountability towards the partner',
    startsAt: 'creation',
    action: 'delete',
    defaultPeriod: days(30),
    bounds: { min: days(1), max: years(1) },
  },
  idempotency_records: {
    description: 'Stored answers to Idempotency-Key requests (they hold personal data). Swept every 10 minutes after 24 hours by the idempotency sweeper; fixed.',
    legalBasis: 'AVG art. 5(1)(c)(e): only for the retry window',
    startsAt: 'creation',
    action: 'delete',
    defaultPeriod: { amount: 24, unit: 'hours' },
    bounds: null,
  },
  outbox_events: {
    description:
      'Domain events not about a household (ids only), once processed and no longer referenced by an inbox item or delivery. Events about a household are its case history (the timeline) and go with the case file.',
    legalBasis: 'AVG art. 5(1)(e): kept only until delivered and the short delivery logs are gone',
    startsAt: 'event_time',
    action: 'delete',
    defaultPeriod: days(30),
    bounds: { min: days(7), max: years(1) },
  },
  privacy_requests: {
    description:
      'Requests of data subjects (AVG art. 17 erasure, art. 18 restriction) with their decision and erasure report: the evidence of how a request was handled. Deleted once the period after completion (executed, rejected, or lifted) has passed; a request still open (recorded, approved, or an active restriction) is never deleted. While a case has a request that is open or within this period, the case file is kept.',
    legalBasis: 'AVG art. 5(2) (accountability) and art. 12 (to be able to show how a data subject’s request was handled, e.g. to the Autoriteit Persoonsgegevens or in an objection procedure); storage limitation art. 5(1)(e)',
    startsAt: 'request_completion',
    action: 'delete',
    defaultPeriod: years(2),
    bounds: { min: years(1), max: years(10) },
  },
};

export const isRetentionCategory = (value: string): value is RetentionCategory => (RETENTION_CATEGORIES as readonly string[]).includes(value);

/** The SQL list of categories for check constraints. */
export const sqlCategoryList = () => RETENTION_CATEGORIES.map((c) => `'${c}'`).join(', ');
export const sqlUnitList = () => PERIOD_UNITS.map((u) => `'${u}'`).join(', ');

/** A category's effective period: the municipality's override, else the default; `follows` categories share their leader's. */
export type EffectiveSchedule = Record<RetentionCategory, Period>;

export function effectiveSchedule(overrides: ReadonlyArray<{ category: RetentionCategory; amount: number; unit: PeriodUnit }>): EffectiveSchedule {
  const own = Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c, RETENTION_SCHEDULE[c].defaultPeriod])) as EffectiveSchedule;
  for (const o of overrides) if (RETENTION_SCHEDULE[o.category].bounds) own[o.category] = { amount: o.amount, unit: o.unit };
  for (const c of RETENTION_CATEGORIES) {
    const leader = RETENTION_SCHEDULE[c].follows;
    if (leader) own[c] = own[leader];
  }
  return own;
}
