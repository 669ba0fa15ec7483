import fc from 'fast-check';
import { cutoff, isExpired, maxHours, minHours, periodAtLeast, PERIOD_UNITS, type Period } from '../../src/privacy/retention/retention-period.js';
import { effectiveSchedule, RETENTION_CATEGORIES, RETENTION_SCHEDULE } from '../../src/privacy/retention/retention-schedule.js';
import { FINISHED_REQUEST_STEP, OPEN_REQUEST_STATUSES, requestCompletedAt, type RequestMoments } from '../../src/privacy/retention/request-retention.js';
import { PRIVACY_REQUEST_STATUSES, PRIVACY_REQUEST_TRANSITIONS } from '../../src/privacy/requests/privacy-request-values.js';

const HOUR = 3_600_000;
const moment = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2060-12-31T23:59:59Z'), noInvalidDate: true });
const period = fc.record({ amount: fc.integer({ min: 1, max: 40 }), unit: fc.constantFrom(...PERIOD_UNITS) });
const hoursBetween = (a: Date, b: Date) => (b.getTime() - a.getTime()) / HOUR;

describe('when a record has outlived its retention period', () => {
  it('is expired exactly when its start lies on or before now minus the period', () => {
    fc.assert(fc.property(moment, period, moment, (start, p, now) => isExpired(start, p, now) === (start.getTime() <= cutoff(now, p).getTime())));
  });

  it('is never expired before the shortest length the period can have, and always after its longest', () => {
    fc.assert(
      fc.property(moment, period, moment, (start, p, now) => {
        const age = hoursBetween(start, now);
        if (isExpired(start, p, now)) return age >= minHours(p);
        return age < maxHours(p);
      }),
    );
  });

  it('is never expired sooner than the period in whole days, whatever the calendar', () => {
    fc.assert(
      fc.property(moment, fc.integer({ min: 1, max: 40 }), moment, (start, years, now) => {
        const p: Period = { amount: years, unit: 'years' };
        return !isExpired(start, p, now) || hoursBetween(start, now) >= years * 365 * 24;
      }),
    );
  });

  it('stays expired as time goes on', () => {
    fc.assert(
      fc.property(moment, period, moment, fc.integer({ min: 0, max: 50 * 365 * 24 }), (start, p, now, laterHours) => {
        const later = new Date(now.getTime() + laterHours * HOUR);
        return !isExpired(start, p, now) || isExpired(start, p, later);
      }),
    );
  });

  it('with a longer period of the same unit, expires no sooner', () => {
    fc.assert(
      fc.property(moment, period, fc.integer({ min: 0, max: 40 }), moment, (start, p, extra, now) => {
        const longer = { ...p, amount: p.amount + extra };
        return !isExpired(start, longer, now) || isExpired(start, p, now);
      }),
    );
  });

  it('counts months and years on the calendar, clamped to the month’s end (31 March minus one month is 28 February)', () => {
    expect(cutoff(new Date('2027-03-31T12:00:00Z'), { amount: 1, unit: 'months' }).toISOString()).toBe('2027-02-28T12:00:00.000Z');
    expect(cutoff(new Date('2028-02-29T00:00:00Z'), { amount: 1, unit: 'years' }).toISOString()).toBe('2027-02-28T00:00:00.000Z');
    expect(cutoff(new Date('2026-12-03T07:00:00Z'), { amount: 24, unit: 'hours' }).toISOString()).toBe('2026-12-02T07:00:00.000Z');
    expect(isExpired(new Date('2019-12-03T07:00:00Z'), { amount: 7, unit: 'years' }, new Date('2026-12-03T07:00:00Z'))).toBe(true);
    expect(isExpired(new Date('2019-12-03T07:00:01Z'), { amount: 7, unit: 'years' }, new Date('2026-12-03T07:00:00Z'))).toBe(false);
  });
});

describe('comparing periods (audit events at least as long as the case file)', () => {
  it('a period judged at least as long as another never lets a record expire earlier', () => {
    fc.assert(
      fc.property(period, period, moment, moment, (a, b, start, now) => {
        if (!periodAtLeast(a, b)) return true;
        return !isExpired(start, a, now) || isExpired(start, b, now);
      }),
    );
  });

  it('is exact for equal units and for months against years', () => {
    expect(periodAtLeast({ amount: 7, unit: 'years' }, { amount: 7, unit: 'years' })).toBe(true);
    expect(periodAtLeast({ amount: 84, unit: 'months' }, { amount: 7, unit: 'years' })).toBe(true);
    expect(periodAtLeast({ amount: 83, unit: 'months' }, { amount: 7, unit: 'years' })).toBe(false);
    expect(periodAtLeast({ amount: 365, unit: 'days' }, { amount: 1, unit: 'years' })).toBe(false);
    expect(periodAtLeast({ amount: 366, unit: 'days' }, { amount: 1, unit: 'years' })).toBe(true);
  });
});

describe('the default schedule', () => {
  it('keeps audit events at least as long as the case file, and every default within its own bounds', () => {
    const schedule = effectiveSchedule([]);
    expect(periodAtLeast(schedule.audit_events, schedule.case_file)).toBe(true);
    for (const category of RETENTION_CATEGORIES) {
      const { bounds, defaultPeriod } = RETENTION_SCHEDULE[category];
      if (bounds) expect([category, periodAtLeast(defaultPeriod, bounds.min) && periodAtLeast(bounds.max, defaultPeriod)]).toEqual([category, true]);
    }
  });

  it('e-mails follow the inbox items’ period, and a fixed category ignores an override', () => {
    const schedule = effectiveSchedule([
      { category: 'inbox_items', amount: 30, unit: 'days' },
      { category: 'idempotency_records', amount: 5, unit: 'years' },
    ]);
    expect(schedule.emails).toEqual({ amount: 30, unit: 'days' });
    expect(schedule.idempotency_records).toEqual({ amount: 24, unit: 'hours' });
  });
});

describe('the retention of AVG requests (privacy_requests)', () => {
  const maybeMoment = fc.option(moment, { nil: null });
  const request = fc.record({ status: fc.constantFrom(...PRIVACY_REQUEST_STATUSES), decidedAt: maybeMoment, executedAt: maybeMoment, liftedAt: maybeMoment });
  const expiredRequest = (r: RequestMoments, p: Period, now: Date) => {
    const completed = requestCompletedAt(r);
    return completed !== null && isExpired(completed, p, now);
  };

  it('an open request (recorded, approved, a restriction in force) never expires, whatever its age and the period', () => {
    fc.assert(
      fc.property(request, period, moment, (r, p, now) => {
        if (!(OPEN_REQUEST_STATUSES as readonly string[]).includes(r.status)) return true;
        return requestCompletedAt(r) === null && !expiredRequest(r, p, now);
      }),
    );
  });

  it('a finished request expires exactly when its last step lies on or before now minus the period', () => {
    fc.assert(
      fc.property(request, period, moment, (r, p, now) => {
        const completed = requestCompletedAt(r);
        if (completed === null) return !expiredRequest(r, p, now);
        return expiredRequest(r, p, now) === (completed.getTime() <= cutoff(now, p).getTime());
      }),
    );
  });

  it('starts at the step that finished it: executed, rejected (decided) or lifted — never an earlier one', () => {
    const at = (iso: string) => new Date(iso);
    const base = { decidedAt: at('2024-01-10T00:00:00Z'), executedAt: at('2024-02-10T00:00:00Z'), liftedAt: at('2024-03-10T00:00:00Z') };
    expect(requestCompletedAt({ status: 'executed', ...base })).toEqual(base.executedAt);
    expect(requestCompletedAt({ status: 'rejected', ...base, executedAt: null, liftedAt: null })).toEqual(base.decidedAt);
    expect(requestCompletedAt({ status: 'lifted', ...base })).toEqual(base.liftedAt);
    // an erasure decided 3 years ago but executed last month is kept 2 years from its execution
    const now = at('2024-03-10T00:00:00Z');
    expect(expiredRequest({ status: 'executed', decidedAt: at('2021-01-01T00:00:00Z'), executedAt: at('2024-02-10T00:00:00Z'), liftedAt: null }, { amount: 2, unit: 'years' }, now)).toBe(false);
  });

  it('the finished statuses are exactly those no step leads out of: every request ends finished or stays open', () => {
    const leadsOut = new Set(Object.values(PRIVACY_REQUEST_TRANSITIONS).flatMap((steps) => steps.map(([from]) => from)));
    const ends = PRIVACY_REQUEST_STATUSES.filter((s) => !leadsOut.has(s));
    expect(Object.keys(FINISHED_REQUEST_STEP).sort()).toEqual([...ends].sort());
    expect([...OPEN_REQUEST_STATUSES, ...Object.keys(FINISHED_REQUEST_STEP)].sort()).toEqual([...PRIVACY_REQUEST_STATUSES].sort());
  });

  it('defaults to 2 years within 1–10 years, and a municipality may choose within those bounds', () => {
    expect(RETENTION_SCHEDULE.privacy_requests).toMatchObject({ defaultPeriod: { amount: 2, unit: 'years' }, bounds: { min: { amount: 1, unit: 'years' }, max: { amount: 10, unit: 'years' } }, startsAt: 'request_completion' });
    expect(effectiveSchedule([{ category: 'privacy_requests', amount: 5, unit: 'years' }]).privacy_requests).toEqual({ amount: 5, unit: 'years' });
  });
});
