import fc from 'fast-check';
import { renderEmail } from '../../src/delivery/email/email-templates.js';
import { INBOX_ONLY, INBOX_RULES } from '../../src/delivery/recipients/recipient-rules.js';
import { DOMAIN_EVENTS, PARTNER_EVENT_TYPES } from '../../src/events/event-types.js';
import {
  DEFAULT_EMERGENCY_MINUTES,
  expiryOf,
  grantStateAt,
  isAllowedDuration,
  MAX_EMERGENCY_MINUTES,
  MIN_EMERGENCY_MINUTES,
} from '../../src/emergency-access/emergency-access.values.js';
import { emergencyAccessStands } from '../../src/access/emergency-access.predicate.js';

const MINUTE = 60_000;
const instant = fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }).map((ms) => new Date(ms));
const minutes = fc.integer({ min: MIN_EMERGENCY_MINUTES, max: MAX_EMERGENCY_MINUTES });

describe('emergency access grant: how long it runs', () => {
  it('defaults to four hours, within the bounds a municipality may choose (15 minutes to 12 hours)', () => {
    expect(DEFAULT_EMERGENCY_MINUTES).toBe(240);
    expect(isAllowedDuration(DEFAULT_EMERGENCY_MINUTES)).toBe(true);
    expect([14, 15, 720, 721, 30.5, Number.NaN].map(isAllowedDuration)).toEqual([false, true, true, false, false, false]);
  });

  it('is active from the grant up to, not including, its expiry', () => {
    fc.assert(
      fc.property(instant, minutes, fc.integer({ min: -2 * MAX_EMERGENCY_MINUTES * MINUTE, max: 2 * MAX_EMERGENCY_MINUTES * MINUTE }), (grantedAt, m, offset) => {
        const expiresAt = expiryOf(grantedAt, m);
        const now = new Date(grantedAt.getTime() + offset);
        const state = grantStateAt({ grantedAt, expiresAt, endedAt: null }, now);
        expect(expiresAt.getTime() - grantedAt.getTime()).toBe(m * MINUTE);
        expect(state).toBe(now.getTime() >= expiresAt.getTime() ? 'expired' : 'active');
      }),
    );
  });

  it('counts as ended from the moment its holder ends it, whatever the expiry', () => {
    fc.assert(
      fc.property(instant, minutes, fc.integer({ min: 0, max: MAX_EMERGENCY_MINUTES * MINUTE }), (grantedAt, m, after) => {
        const endedAt = new Date(grantedAt.getTime() + 1);
        expect(grantStateAt({ grantedAt, expiresAt: expiryOf(grantedAt, m), endedAt }, new Date(endedAt.getTime() + after))).toBe('ended');
      }),
    );
  });

  it('is judged in SQL by the same rule: not ended, granted by then, and before the expiry', () => {
    expect(emergencyAccessStands('ea', '$1')).toBe('ea.ended_at IS NULL AND ea.granted_at <= $1 AND ea.expires_at > $1');
  });
});

describe('emergency access announcement', () => {
  it('goes to the coordinator and the privacy officers, by inbox and e-mail, never to partners by webhook', () => {
    expect(INBOX_RULES['emergency_access.granted']).toEqual(['coordinator', 'privacyOfficers']);
    expect(INBOX_ONLY.has('emergency_access.granted')).toBe(false);
    expect(DOMAIN_EVENTS['emergency_access.granted'].partner).toBe(false);
    expect(PARTNER_EVENT_TYPES).not.toContain('emergency_access.granted');
  });

  it('is e-mailed as a content-free notice in both languages', () => {
    for (const language of ['nl', 'en'] as const) {
      const mail = renderEmail(language, 'emergency_access.granted', 'https://eenplan.example/inbox');
      expect(mail.subject).toMatch(language === 'nl' ? /noodtoegang/ : /emergency access/);
      expect(mail.text).toContain('https://eenplan.example/inbox');
    }
  });
});
