import fc from 'fast-check';
import { instantKey, rememberMicroseconds } from '../../src/common/precise-instant.js';
import { decodeCursor, encodeCursor } from '../../src/common/pagination.js';

describe('instantKey: a cursor key to the microsecond the database gave', () => {
  it('keeps the microseconds of PostgreSQL text and of JSON text, and nothing more when there are none', () => {
    expect(instantKey(rememberMicroseconds(new Date('2026-12-07T19:11:52.693Z'), '2026-12-07 19:11:52.693143+00'))).toBe('2026-12-07T19:11:52.693143Z');
    expect(instantKey(rememberMicroseconds(new Date('2026-12-07T19:11:52.693Z'), '2026-12-07T19:11:52.6931+00:00'))).toBe('2026-12-07T19:11:52.693100Z');
    expect(instantKey(rememberMicroseconds(new Date('2026-12-07T19:11:52.693Z'), '2026-12-07 19:11:52.693+00'))).toBe('2026-12-07T19:11:52.693Z');
    expect(instantKey(rememberMicroseconds(new Date('2026-12-07T19:11:52.500Z'), '2026-12-07 19:11:52.5+00'))).toBe('2026-12-07T19:11:52.500Z');
    expect(instantKey(new Date('2026-12-07T19:11:52.693Z'))).toBe('2026-12-07T19:11:52.693Z');
  });

  it('orders as the instants do, and every key is a cursor part the API takes back', () => {
    const instant = fc.tuple(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: 0, max: 999 }));
    const text = ([ms, micros]: [number, number]) => `${new Date(ms).toISOString().slice(0, -1)}${String(micros).padStart(3, '0')}+00:00`;
    const key = (i: [number, number]) => instantKey(rememberMicroseconds(new Date(i[0]), text(i)));
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const byInstant = Math.sign(a[0] - b[0] || a[1] - b[1]);
        // same length ISO strings in UTC compare as the instants, once both carry microseconds
        const [ka, kb] = [key(a), key(b)].map((k) => (k.length === 24 ? `${k.slice(0, -1)}000Z` : k));
        expect(Math.sign(ka! < kb! ? -1 : ka! > kb! ? 1 : 0)).toBe(byInstant);
        expect(decodeCursor(encodeCursor([key(a), '00000000-0000-4000-8000-000000000000']), ['timestamp', 'uuid'])).toEqual([key(a), '00000000-0000-4000-8000-000000000000']);
      }),
    );
  });

  it('a forged timestamp is still refused', () => {
    for (const bad of ['2026-12-07T19:11:52.6931Z', '2026-12-07T19:11:52.693143', '2026-02-30T00:00:00.000000Z', '0000-01-01T00:00:00.000000Z']) {
      expect(() => decodeCursor(encodeCursor([bad, '00000000-0000-4000-8000-000000000000']), ['timestamp', 'uuid'])).toThrow();
    }
  });
});
