import { fakerNL as faker } from '@faker-js/faker';
import type { RiskLevel } from '../households/household-status.js';
import type { DemoCalendar } from './demo-calendar.js';
import type { ActionSpec, CareTeamLinkSpec, ContactKindSpec, EpisodeSpec, GoalDraft, GoalSpec, HouseholdKind, HouseholdSpec, PlanSpec } from './demo-story-types.js';
import { CONTACT_NOTES, HANDOVER_REASON, REOPEN_REASON } from './demo-texts.js';

/**
 * Gives a household's year its dates. Profiles of the three heavy cases still open at the end: `stalled` (review
 * date passed, actions overdue, no contact for 38 days, plan untouched for 55 — the supervisor's review queue
 * must show it), `flat` (seen every fortnight, but its self-reliance scores have not improved in half a year:
 * NO_PROGRESS) and `progressing` (on track, handed over mid-year, not stalled). `closing`: every household that
 * closes — goals achieved, every step done, scores up.
 */
export type Profile = 'stalled' | 'flat' | 'progressing' | 'closing';

export interface ScheduleInput {
  kind: HouseholdKind;
  index: number;
  profile: Profile;
  months: { closeMonth?: number; reopenMonth?: number; closeAgainMonth?: number };
  base: Omit<HouseholdSpec, 'plan' | 'episodes'>;
  coordinatorKey: string;
  assignReason: string;
  closeReasons: [string, string];
  careTeam: CareTeamLinkSpec[];
  plan: Omit<PlanSpec, 'createdAt' | 'reviewDate'>;
  goals: GoalDraft[];
  reopen: { careTeam: CareTeamLinkSpec; goal: GoalDraft };
}

/** The household that came back: reopened this many days before now, and nobody has taken it up since. */
const RETURN_DAYS_AGO = 5;
const REASSIGN_REASON = 'Heropend: terug naar de vorige regisseur, die het gezin kent';

export function scheduleHousehold(cal: DemoCalendar, input: ScheduleInput): HouseholdSpec {
  const { kind, months } = input;
  // Most were registered in the months before the window; a handful in its first weeks. All have a coordinator
  // within days, so every one of the 43 is in care at the end of the window's first month.
  const registeredAt =
    kind === 'heavy'
      ? cal.days(cal.windowStart, -faker.number.int({ min: 60, max: 120 }))
      : kind === 'closed' && input.index % 5 === 4
        ? cal.inMonth(0, 2, 12)
        : cal.days(cal.windowStart, -faker.number.int({ min: 5, max: 100 }));
  const assignAt = cal.days(registeredAt, faker.number.int({ min: 1, max: 5 }));
  const planAt = cal.days(assignAt, faker.number.int({ min: 5, max: 9 }));
  const plan: PlanSpec = { ...input.plan, createdAt: planAt, reviewDate: cal.date(cal.days(planAt, 90)) };
  const firstEnd = months.closeMonth === undefined ? undefined : cal.inMonth(months.closeMonth);
  const handover = kind === 'heavy' && input.profile === 'progressing';

  const first = episode(cal, {
    startedAt: registeredAt,
    assignAt,
    coordinatorKey: handover ? 'coordinator2' : input.coordinatorKey,
    bySupervisor: input.base.registeredBySupervisor,
    reason: input.assignReason,
    handover: handover ? { at: cal.inMonth(6), coordinatorKey: input.coordinatorKey } : undefined,
    careTeam: input.careTeam,
    goals: input.goals,
    goalsAt: planAt,
    end: firstEnd,
    closeReason: input.closeReasons[0],
    profile: input.profile,
    riskLevel: input.base.riskLevel,
  });
  const episodes = [first];
  if (kind === 'recurred') {
    const reopenedAt = cal.inMonth(months.reopenMonth!, 3, 10);
    const reassignAt = cal.days(reopenedAt, faker.number.int({ min: 2, max: 4 }));
    episodes.push(
      episode(cal, {
        startedAt: reopenedAt,
        reopenReason: REOPEN_REASON,
        assignAt: reassignAt,
        coordinatorKey: input.coordinatorKey,
        bySupervisor: true,
        reason: REASSIGN_REASON,
        careTeam: [...input.careTeam, input.reopen.careTeam],
        goals: [input.reopen.goal],
        goalsAt: cal.days(reassignAt, faker.number.int({ min: 3, max: 6 })),
        end: cal.inMonth(months.closeAgainMonth!),
        closeReason: input.closeReasons[1],
        profile: 'closing',
        riskLevel: 'high',
      }),
    );
  }
  if (kind === 'returning') {
    // Came back last week; nobody has taken it up yet.
    const empty = { assignments: [], careTeam: [], goals: [], reviews: [], contacts: [], assessments: [], riskChanges: [] };
    episodes.push({ startedAt: cal.ago(RETURN_DAYS_AGO), reopenReason: REOPEN_REASON, ...empty });
  }
  return { ...input.base, plan, episodes };
}

interface EpisodeInput {
  startedAt: Date;
  reopenReason?: string;
  assignAt: Date;
  coordinatorKey: string;
  bySupervisor: boolean;
  reason: string;
  handover?: { at: Date; coordinatorKey: string };
  careTeam: CareTeamLinkSpec[];
  goals: GoalDraft[];
  goalsAt: Date;
  /** Closing moment; none: still open now. */
  end?: Date;
  closeReason: string;
  profile: Profile;
  riskLevel: RiskLevel;
}

function episode(cal: DemoCalendar, e: EpisodeInput): EpisodeSpec {
  const closing = e.end !== undefined;
  // The last moment anything happens in the plan, and the last contact moment.
  const planUntil = closing ? cal.days(e.end!, -12) : e.profile === 'stalled' ? cal.ago(56) : cal.ago(10);
  const contactsUntil = closing ? cal.days(e.end!, -2) : e.profile === 'stalled' ? cal.ago(38) : cal.ago(3);

  const assignments = [{ at: e.assignAt, coordinatorKey: e.coordinatorKey, bySupervisor: e.bySupervisor, reason: e.reason }];
  if (e.handover) assignments.push({ at: e.handover.at, coordinatorKey: e.handover.coordinatorKey, bySupervisor: true, reason: HANDOVER_REASON });
  let linkAt = cal.days(e.assignAt, faker.number.int({ min: 1, max: 3 }));
  const careTeam = e.careTeam.map((link) => ({ ...link, at: (linkAt = cal.later(linkAt, 5)) }));

  let at = cal.later(e.goalsAt, 30);
  const goals: GoalSpec[] = e.goals.map((draft) => {
    const addedAt = (at = cal.later(at, 3));
    const actions = draft.actions.map((a) => action(cal, a, (at = cal.later(at, 2)), e.profile, planUntil, e.end));
    const lastDone = actions.flatMap((a) => a.progress.filter((p) => p.status === 'done').map((p) => p.at.getTime()));
    const allDone = lastDone.length === actions.length;
    const achievedAt = closing
      ? cal.days(e.end!, -faker.number.int({ min: 4, max: 8 }))
      : allDone && e.profile !== 'stalled' && faker.datatype.boolean(0.6)
        ? cal.days(new Date(Math.max(...lastDone)), 2)
        : undefined;
    return { domainCode: draft.domainCode, title: draft.title, targetDate: cal.date(cal.days(addedAt, faker.number.int({ min: 90, max: 200 }))), addedAt, achievedAt, actions };
  });

  const reviews: EpisodeSpec['reviews'] = [];
  for (let t = cal.days(e.goalsAt, faker.number.int({ min: 80, max: 100 })); t < cal.days(planUntil, -30); t = cal.days(t, faker.number.int({ min: 80, max: 100 }))) {
    reviews.push({ at: t, reviewDate: cal.date(cal.days(t, 90)) });
  }
  // The heavy cases' latest review: the stalled one's set a date that passed 12 days ago.
  if (e.profile === 'stalled') reviews.push({ at: planUntil, reviewDate: cal.dateFromNow(-12) });
  if (e.profile === 'flat' || e.profile === 'progressing') reviews.push({ at: cal.ago(e.profile === 'flat' ? 20 : 25), reviewDate: cal.dateFromNow(70) });

  const contacts: EpisodeSpec['contacts'] = [];
  for (let t = cal.days(e.assignAt, faker.number.int({ min: 1, max: 4 })); t < contactsUntil; t = cal.days(t, faker.number.int({ min: 8, max: 20 }))) contacts.push(contact(t));
  contacts.push(contact(contactsUntil));

  // Self-reliance at intake, at every review and before closing; per domain from 1–2 upwards (the flat case
  // improves once, then stays where it was).
  const domains = [...new Set(e.goals.map((g) => g.domainCode))].map((domainCode) => ({
    domainCode,
    start: faker.number.int({ min: 1, max: 2 }),
    rate: faker.helpers.arrayElement([0.5, 0.75]),
  }));
  const moments = [cal.days(e.assignAt, faker.number.int({ min: 2, max: 4 })), ...reviews.map((r) => cal.later(r.at, 30))];
  if (closing) moments.push(cal.days(e.end!, -faker.number.int({ min: 6, max: 9 })));
  const assessments = moments.map((t, k) => ({
    at: t,
    scores: domains.map((d) => {
      const score = e.profile === 'flat' ? d.start + (k >= 1 ? 1 : 0) : d.start + Math.floor(k * d.rate + 0.5);
      return { domainCode: d.domainCode, score: Math.min(5, closing && k === moments.length - 1 ? Math.max(score, 3) : score) };
    }),
  }));

  const aftercareAt = closing && faker.datatype.boolean(0.5) && cal.between(e.goalsAt, e.end!) > 60 ? cal.days(e.end!, -faker.number.int({ min: 20, max: 40 })) : undefined;
  const riskChanges: EpisodeSpec['riskChanges'] = [];
  if (e.reopenReason) riskChanges.push({ at: cal.later(e.assignAt, 10), riskLevel: 'high' });
  if (closing) riskChanges.push({ at: aftercareAt ? cal.later(aftercareAt, 10) : cal.days(e.end!, -15), riskLevel: 'low' });
  if (e.profile === 'progressing') riskChanges.push({ at: cal.ago(40), riskLevel: 'high' });

  return {
    startedAt: e.startedAt,
    reopenReason: e.reopenReason,
    assignments,
    careTeam,
    goals,
    reviews,
    contacts,
    assessments,
    aftercareAt,
    riskChanges: riskChanges.filter((r) => r.riskLevel !== e.riskLevel || e.reopenReason),
    closedAt: e.end,
    closeReason: closing ? e.closeReason : undefined,
  };
}

function contact(at: Date): EpisodeSpec['contacts'][number] {
  const kind: ContactKindSpec = faker.helpers.weightedArrayElement([
    { weight: 5, value: 'home_visit' as const },
    { weight: 4, value: 'call' as const },
    { weight: 2, value: 'meeting' as const },
  ]);
  return { at, kind, note: faker.helpers.arrayElement(CONTACT_NOTES[kind]), withParent: kind === 'home_visit' };
}

/**
 * Closing episodes: every step done before the end. The stalled heavy case: half its steps still open and long
 * past due, nothing reported for eight weeks. The other heavy cases: steps done, under way or due soon.
 */
function action(cal: DemoCalendar, draft: GoalDraft['actions'][number], addedAt: Date, profile: Profile, planUntil: Date, end: Date | undefined): ActionSpec {
  const span = Math.max(cal.between(addedAt, planUntil), 10);
  const progress: ActionSpec['progress'] = [];
  const doneAt = () => cal.days(addedAt, faker.number.int({ min: Math.min(7, span), max: span }));
  const startedAt = (until: Date) => cal.days(addedAt, faker.number.int({ min: 1, max: Math.max(1, Math.min(6, cal.between(addedAt, until) - 1)) }));
  let dueDate: string;
  const roll = faker.number.float({ min: 0, max: 1 });
  if (end !== undefined) {
    const done = doneAt();
    if (roll < 0.5) progress.push({ at: startedAt(done), status: 'in_progress' });
    progress.push({ at: done, status: 'done' });
    dueDate = cal.date(cal.days(done, faker.number.int({ min: -10, max: 14 })));
  } else if (profile === 'stalled') {
    if (roll < 0.55) dueDate = cal.dateFromNow(-faker.number.int({ min: 20, max: 80 }));
    else {
      const done = doneAt();
      progress.push({ at: startedAt(done), status: 'in_progress' });
      if (roll >= 0.75) progress.push({ at: done, status: 'done' });
      dueDate = cal.dateFromNow(-faker.number.int({ min: 20, max: 90 }));
    }
  } else if (roll < 0.45) {
    const done = doneAt();
    progress.push({ at: done, status: 'done' });
    dueDate = cal.date(cal.days(done, faker.number.int({ min: 0, max: 10 })));
  } else {
    if (roll < 0.7) progress.push({ at: cal.days(addedAt, faker.number.int({ min: 3, max: span })), status: 'in_progress' });
    dueDate = cal.dateFromNow(faker.number.int({ min: 5, max: 60 }));
  }
  return { description: draft.description, owner: draft.owner, dueDate, addedAt, progress };
}
