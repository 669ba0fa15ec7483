import { createHash } from 'node:crypto';
import { playDemoHistory, type DemoHistory } from '../../src/demo/demo-history.js';
import { buildDemoStory } from '../../src/demo/demo-story.js';
import type { DemoStory } from '../../src/demo/demo-story-types.js';

/**
 * The demo's year must tell the same story whatever day it is loaded on — the first or last day of a month, around
 * midnight in the Netherlands, across summer time, in a leap year: 43 in care at the end of the outcomes window's
 * first month, 3 at its end, nothing dated in the future. Checked on the rows the demo writes, with the month
 * boundaries the outcomes use (Europe/Amsterdam).
 */
const MOMENTS = [
  '2026-12-02T10:00:00Z',
  '2026-01-01T00:30:00Z',
  '2026-03-31T22:30:00Z', // already 1 April in the Netherlands
  '2026-10-25T01:30:00Z', // the night summer time ends
  '2028-02-29T12:00:00Z',
  '2027-07-15T15:59:00Z',
  '2027-06-30T21:59:00Z',
];

const AMSTERDAM = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' });
const monthOf = (t: Date) => AMSTERDAM.format(t).slice(0, 7);

function windowMonths(now: Date): string[] {
  const [y, m] = monthOf(now).split('-').map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 12 + i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/** In care at a month's end as the outcomes count it: an open episode whose first assignment in that episode came before the end. */
function inCareAtMonthEnds(history: DemoHistory, now: Date): number[] {
  const { household_episode: episodes, coordinator_assignment: assignments } = history.rows;
  return windowMonths(now).map((month) => {
    const before = (t: unknown) => t !== null && monthOf(t as Date) <= month;
    return episodes.filter((e) => {
      if (!before(e.started_at) || (e.ended_at !== null && before(e.ended_at))) return false;
      return assignments.some((a) => a.household_id === e.household_id && before(a.started_at) && (a.started_at as Date) >= (e.started_at as Date));
    }).length;
  });
}

const directoryOf = (story: DemoStory) => ({
  tenantId: '00000000-0000-4000-8000-000000000001',
  organisations: new Map(story.organisations.map((o, i) => [o.key, `00000000-0000-4000-8000-1000000000${String(i).padStart(2, '0')}`])),
  professionals: new Map(story.professionals.map((p, i) => [p.key, `00000000-0000-4000-8000-2000000000${String(i).padStart(2, '0')}`])),
});
const hashes = { addressHash: (p: string, n: number) => `${p}:${n}`, birthDateHash: (d: string) => d };

describe.each(MOMENTS)('the demo loaded at %s', (moment) => {
  const now = new Date(moment);
  const story = buildDemoStory(now);
  const history = playDemoHistory(story, directoryOf(story), hashes);

  it('has 43 households in care at the end of the first month of the window, falling every month to 3 now', () => {
    expect(story.households).toHaveLength(43);
    expect(inCareAtMonthEnds(history, now)).toEqual([43, 41, 37, 32, 29, 24, 19, 15, 10, 6, 3, 3]);
  });

  it('dates nothing after yesterday (Netherlands) and keeps every plan change inside an open episode', () => {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });
    const today = day.format(now);
    const stamps = history.rows.outbox_event.map((e) => e.occurred_at as Date);
    expect(stamps.filter((t) => !(t < now && day.format(t) < today))).toEqual([]);
    expect(history.rows.plan_action.filter((a) => a.completed_at !== null && day.format(a.completed_at as Date) >= today)).toEqual([]);
    const byPlan = new Map<unknown, Date[]>();
    for (const r of history.rows.plan_revision) byPlan.set(r.plan_id, [...(byPlan.get(r.plan_id) ?? []), r.changed_at as Date]);
    for (const times of byPlan.values()) for (let i = 1; i < times.length; i++) expect(times[i]!.getTime()).toBeGreaterThanOrEqual(times[i - 1]!.getTime());
    const planHousehold = new Map(history.rows.plan.map((p) => [p.id, p.household_id]));
    for (const r of history.rows.plan_revision) {
      const at = r.changed_at as Date;
      const open = history.rows.household_episode.some(
        (e) => e.household_id === planHousehold.get(r.plan_id) && (e.started_at as Date) <= at && (e.ended_at === null || at < (e.ended_at as Date)),
      );
      expect(open).toBe(true);
    }
  });

  it('reopens three households within the window; one of them waits for a coordinator', () => {
    const months = windowMonths(now);
    const reopened = history.rows.household_episode.filter((e) => e.number === 2);
    expect(reopened.map((e) => months.includes(monthOf(e.started_at as Date)))).toEqual([true, true, true]);
    expect(history.reopenedWaiting).toHaveLength(1);
  });
});

it('is the same story every time it is built for the same moment', () => {
  const now = new Date(MOMENTS[0]!);
  const digest = (story: DemoStory) => createHash('sha256').update(JSON.stringify(playDemoHistory(story, directoryOf(story), hashes))).digest('hex');
  const a = buildDemoStory(now);
  const b = buildDemoStory(now);
  expect(digest(b)).toBe(digest(a));
});
