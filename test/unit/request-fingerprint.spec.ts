import fc from 'fast-check';
import { canonicalJson, legacyRequestFingerprint, requestFingerprint } from '../../src/idempotency/request-fingerprint.js';

/** The same data with every object's properties in another order (arrays keep theirs: their order is data). */
function reordered(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item, i) => reordered(item, seed + i));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const shuffled = entries.map((entry, i) => [((i + 1) * 7919 * (seed + 3)) % 1009, entry] as const).sort(([a], [b]) => a - b).map(([, entry]) => entry);
  return Object.fromEntries(shuffled.map(([key, item], i) => [key, reordered(item, seed + i + 1)]));
}

const body = fc.jsonValue({ maxDepth: 4 });

describe('the request fingerprint of an Idempotency-Key', () => {
  it('is the same for the same data whatever the order of its properties', () => {
    fc.assert(
      fc.property(body, fc.nat(), (value, seed) => {
        expect(requestFingerprint('POST', '/api/v1/households', reordered(value, seed))).toBe(requestFingerprint('POST', '/api/v1/households', value));
      }),
    );
    const sent = JSON.parse('{"district":"Noord","houseNumber":3,"members":[{"role":"parent","givenName":"Kim"}]}') as unknown;
    const other = JSON.parse('{"members":[{"givenName":"Kim","role":"parent"}],"houseNumber":3,"district":"Noord"}') as unknown;
    expect(requestFingerprint('POST', '/x', other)).toBe(requestFingerprint('POST', '/x', sent));
  });

  it('differs when the data differs: a value, an array order, the method, the path or the query', () => {
    fc.assert(
      fc.property(body, body, (a, b) => {
        fc.pre(canonicalJson(a) !== canonicalJson(b));
        expect(requestFingerprint('POST', '/x', a)).not.toBe(requestFingerprint('POST', '/x', b));
      }),
    );
    expect(requestFingerprint('POST', '/x', [1, 2])).not.toBe(requestFingerprint('POST', '/x', [2, 1]));
    expect(requestFingerprint('PUT', '/x', {})).not.toBe(requestFingerprint('POST', '/x', {}));
    expect(requestFingerprint('POST', '/y', {})).not.toBe(requestFingerprint('POST', '/x', {}));
    expect(requestFingerprint('POST', '/x?a=1', {})).not.toBe(requestFingerprint('POST', '/x', {}));
    expect(requestFingerprint('POST', '/x?a=1&b=2', {})).toBe(requestFingerprint('POST', '/x?b=2&a=1', {}));
  });

  it('canonical JSON is the JSON of the same value as JSON.stringify writes it (so -0 is 0, as there)', () => {
    fc.assert(fc.property(body, (value) => expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)))));
    expect(canonicalJson(JSON.parse('{"b":[-0,1e400,"\\u00e9"],"a":null}'))).toBe('{"a":null,"b":[0,null,"é"]}');
  });

  it("keeps the earlier form of the fingerprint for records written before it (the body's text)", () => {
    expect(legacyRequestFingerprint('POST', '/x?a=1', { b: 1, a: 2 })).toBe(legacyRequestFingerprint('POST', '/x', { b: 1, a: 2 }));
    expect(legacyRequestFingerprint('POST', '/x', { b: 1, a: 2 })).not.toBe(legacyRequestFingerprint('POST', '/x', { a: 2, b: 1 }));
  });
});
