import { figureDays } from '../../src/supervision/stalled/figures.js';
import { amsterdamDate, defaultSettings, severityOf, STALL_RULES } from '../../src/supervision/stall-rules.js';

describe('stall figures in calendar days (Europe/Amsterdam)', () => {
  it('counts whole calendar days from the stored reference date to today', () => {
    expect(figureDays('NO_COORDINATOR', { vacantSince: '2026-03-28' }, '2026-03-31')).toBe(3);
    expect(figureDays('PLAN_NOT_UPDATED', { lastChangedOn: '2026-01-01' }, '2026-02-13')).toBe(43);
    expect(figureDays('REVIEW_OVERDUE', { reviewDate: '2026-10-24' }, '2026-10-25')).toBe(1);
    expect(figureDays('ACTIONS_OVERDUE', { count: 2, oldestDueDate: '2026-01-31' }, '2026-03-01')).toBe(29);
    expect(figureDays('SIGNAL_UNANSWERED', { count: 1, oldestMatchedOn: '2026-12-31' }, '2027-01-06')).toBe(6);
  });

  it('NO_CONTACT counts from the later of the last contact and the start of intake', () => {
    expect(figureDays('NO_CONTACT', { lastContactOn: null, intakeStartedOn: '2026-05-01' }, '2026-06-01')).toBe(31);
    expect(figureDays('NO_CONTACT', { lastContactOn: '2026-05-10', intakeStartedOn: '2026-05-01' }, '2026-06-10')).toBe(31);
    expect(figureDays('NO_CONTACT', { lastContactOn: '2026-01-10', intakeStartedOn: '2026-05-01' }, '2026-06-01')).toBe(31);
  });

  it('NO_PROGRESS counts the days between the baseline and the latest assessment', () => {
    expect(figureDays('NO_PROGRESS', { baselineOn: '2025-01-01', latestOn: '2025-07-01' }, '2026-01-01')).toBe(181);
  });

  it('takes the Dutch calendar day of an instant, across daylight saving time', () => {
    expect(amsterdamDate(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29'); // 00:30 CET
    expect(amsterdamDate(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02'); // 00:30 CEST
    expect(amsterdamDate(new Date('2026-07-01T21:30:00Z'))).toBe('2026-07-01');
  });

  it('has the eight rules of SPEC.md and HANDOVER_PENDING (coordination states) with their default thresholds, and a vacant case weighs most', () => {
    expect(Object.fromEntries(defaultSettings().map((s) => [s.rule, s.thresholdDays]))).toEqual({
      NO_COORDINATOR: 2,
      NO_PLAN: 14,
      PLAN_NOT_UPDATED: 42,
      ACTIONS_OVERDUE: 14,
      NO_CONTACT: 30,
      REVIEW_OVERDUE: 0,
      SIGNAL_UNANSWERED: 5,
      NO_PROGRESS: 180,
      HANDOVER_PENDING: 7,
    });
    expect(STALL_RULES.every((r) => severityOf(['NO_COORDINATOR']) >= severityOf([r]))).toBe(true);
  });
});
