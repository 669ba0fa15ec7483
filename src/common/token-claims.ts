import { decodeJwt, type JWTPayload } from 'jose';

/** Enough for every token in use at once on one replica; beyond it the oldest peek is forgotten (and redone if needed). */
const MAX_TOKENS = 1_000;
const peeked = new Map<string, Readonly<JWTPayload> | null>();

/**
 * A bearer token's claims read without verifying them — only to choose how to verify it (whose issuer, which
 * audience); an unverified claim never grants anything, the token is verified next. Every request asked twice (is
 * it a partner client's token? an operator's?), each time decoding base64 and parsing JSON again; the claims of the
 * last tokens seen are kept (a token's bytes fix its claims). Undefined for anything that is not a JWT.
 */
export function peekClaims(token: string): Readonly<JWTPayload> | undefined {
  let claims = peeked.get(token);
  if (claims === undefined) {
    claims = decodeOrNull(token);
    if (peeked.size >= MAX_TOKENS) peeked.delete(peeked.keys().next().value!);
    peeked.set(token, claims);
  }
  return claims ?? undefined;
}

function decodeOrNull(token: string): Readonly<JWTPayload> | null {
  try {
    return Object.freeze(decodeJwt(token));
  } catch {
    return null;
  }
}
