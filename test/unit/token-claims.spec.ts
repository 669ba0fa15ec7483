import fc from 'fast-check';
import { peekClaims } from '../../src/common/token-claims.js';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const unsignedToken = (claims: Record<string, unknown>) => `${base64url({ alg: 'ES256', typ: 'JWT' })}.${base64url(claims)}.c2lnbmF0dXJl`;

describe('a bearer token peeked at before it is verified', () => {
  it('shows the claims the token carries, however often and among however many other tokens it is asked', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 1_500 }), (issuers) => {
        const tokens = issuers.map((iss) => ({ iss, token: unsignedToken({ iss, aud: ['eenplan-api'] }) }));
        // twice over, so the second pass meets kept claims for the newest and forgotten ones for the oldest
        for (const pass of [1, 2]) {
          for (const { iss, token } of tokens) expect([pass, peekClaims(token)?.iss]).toEqual([pass, iss]);
        }
      }),
      { numRuns: 5 },
    );
  });

  it('shows nothing for what is not a JWT, also when asked again', () => {
    for (const token of ['', 'not-a-token', 'a.b.c', `${base64url({ alg: 'none' })}.bm90IGpzb24.`]) {
      expect(peekClaims(token)).toBeUndefined();
      expect(peekClaims(token)).toBeUndefined();
    }
  });

  it('hands out claims no caller can change for the next one', () => {
    const token = unsignedToken({ iss: 'eenplan-clients', aud: ['eenplan-api'] });
    const claims = peekClaims(token)!;
    expect(() => Object.assign(claims, { iss: 'someone-else' })).toThrow(TypeError);
    expect(() => (claims.aud as string[]).push('eenplan-operators')).toThrow(TypeError);
    expect(peekClaims(token)).toEqual({ iss: 'eenplan-clients', aud: ['eenplan-api'] });
  });

  it('reads a token too long to keep the same as any other', () => {
    const token = unsignedToken({ iss: 'eenplan-clients', padding: 'x'.repeat(8_000) });
    expect(peekClaims(token)?.iss).toBe('eenplan-clients');
    expect(peekClaims(token)?.iss).toBe('eenplan-clients');
  });
});
