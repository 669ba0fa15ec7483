import { decodeJwt, type JWTPayload } from 'jose';

/**
 * Enough for every token in use at once on one replica; beyond it the oldest peek is forgotten (and redone if
 * needed). Only tokens up to `MAX_KEPT_LENGTH` characters that decode are kept: at most ~4 MB, whatever a caller sends.
 */
const MAX_TOKENS = 1_000;
const MAX_KEPT_LENGTH = 4_096;
const peeked = new Map<string, Readonly<JWTPayload>>();

/**
 * A bearer token's claims read without verifying them — only to choose how to verify it (whose issuer, which
 * audience); an unverified claim never grants anything, the token is verified next. Every request asked twice (is
 * it a partner client's token? an operator's?), each time decoding base64 and parsing JSON again; the claims of the
 * last tokens seen are kept (a token's bytes fix its claims). Undefined for anything that is not a JWT.
 */
export function peekClaims(token: string): Readonly<JWTPayload> | undefined {
  const kept = peeked.get(token);
  if (kept) return kept;
  const claims = decode(token);
  if (claims && token.length <= MAX_KEPT_LENGTH) {
    if (peeked.size >= MAX_TOKENS) peeked.delete(peeked.keys().next().value!);
    peeked.set(token, claims);
  }
  return claims;
}

function decode(token: string): Readonly<JWTPayload> | undefined {
  try {
    const claims = decodeJwt(token);
    if (Array.isArray(claims.aud)) Object.freeze(claims.aud);
    return Object.freeze(claims);
  } catch {
    return undefined;
  }
}
