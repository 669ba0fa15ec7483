import type { Request } from 'express';
import type { StoredAnswer } from './idempotency.repository.js';

const REPLAY = Symbol('eenplan:idempotent-replay');

/** A first answer found for this request's key: the request is a replay, answered by `IdempotentReplayInterceptor`. */
export function markReplay(request: Request, answer: StoredAnswer): void {
  (request as unknown as Record<symbol, unknown>)[REPLAY] = answer;
}

export function replayOf(request: Request): StoredAnswer | undefined {
  return (request as unknown as Record<symbol, unknown>)[REPLAY] as StoredAnswer | undefined;
}

/**
 * Secrets and tokens in the formats Eenplan issues (`epk_…` client secrets, `whsec_…` webhook secrets, JWTs).
 * A safety net under `@ResponseCarriesSecret()`: an answer that holds one is never stored, marked or not.
 */
const SECRET_FORMATS = /"(?:epk_|whsec_)[A-Za-z0-9+/_=-]{16,}"|"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"/;

export function holdsSecret(body: unknown): boolean {
  return body !== undefined && SECRET_FORMATS.test(JSON.stringify(body) ?? '');
}
