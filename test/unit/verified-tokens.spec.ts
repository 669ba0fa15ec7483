import fc from 'fast-check';
import { VerifiedTokens } from '../../src/auth/verified-tokens.js';

describe('verified tokens are reused only while they would still verify', () => {
  it('answers the subject until the token expires or the maximum age passes, whichever comes first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600_000 }), fc.integer({ min: 1, max: 120_000 }), fc.integer({ min: 0, max: 700_000 }), (expiresIn, maxAge, later) => {
        let now = 1_000_000;
        const cache = new VerifiedTokens(10, maxAge, () => now);
        cache.remember('api', 'token', 'sub-1', now + expiresIn);
        now += later;
        const expected = later < Math.min(expiresIn, maxAge) ? 'sub-1' : undefined;
        expect(cache.get('api', 'token')).toBe(expected);
      }),
    );
  });

  it('keeps a token per audience: a token verified for the API is not thereby an operator token', () => {
    const cache = new VerifiedTokens(10, 60_000);
    cache.remember('api', 'token', 'sub-1', Date.now() + 60_000);
    expect(cache.get('api', 'token')).toBe('sub-1');
    expect(cache.get('operators', 'token')).toBeUndefined();
    expect(cache.get('api', 'token2')).toBeUndefined();
  });

  it('holds at most its size, forgetting the oldest first', () => {
    const cache = new VerifiedTokens(2, 60_000);
    for (const token of ['a', 'b', 'c']) cache.remember('api', token, `sub-${token}`, Date.now() + 60_000);
    expect([cache.get('api', 'a'), cache.get('api', 'b'), cache.get('api', 'c')]).toEqual([undefined, 'sub-b', 'sub-c']);
  });

  it('never keeps a token that has already expired', () => {
    const cache = new VerifiedTokens(2, 60_000);
    cache.remember('api', 'old', 'sub', Date.now() - 1);
    expect(cache.get('api', 'old')).toBeUndefined();
  });
});
