import type { Request } from 'express';
import type { StoredAnswer } from './idempotency.repository.js';

const REPLAY = Symbol('eenplan:idempotent-replay');
const ANSWER_SCOPE = Symbol('eenplan:idempotent-answer-scope');

/** A first answer found for this request's key: the request is a replay, answered by `IdempotentReplayInterceptor`. */
export function markReplay(request: Request, answer: StoredAnswer): void {
  (request as unknown as Record<symbol, unknown>)[REPLAY] = answer;
}

export function replayOf(request: Request): StoredAnswer | undefined {
  return (request as unknown as Record<symbol, unknown>)[REPLAY] as StoredAnswer | undefined;
}

/** What of the households its answer concerns the caller could see when the first answer was made (`readerScopeKey`). */
export function noteAnswerScope(request: Request, scopeKey: string): void {
  (request as unknown as Record<symbol, unknown>)[ANSWER_SCOPE] = scopeKey;
}

export function answerScopeOf(request: Request): string | null {
  return ((request as unknown as Record<symbol, unknown>)[ANSWER_SCOPE] as string | undefined) ?? null;
}

/**
 * Secrets and tokens in the formats Eenplan issues (`epk_…` client secrets, `whsec_…` webhook secrets, JWTs).
 * A safety net under `@ResponseCarriesSecret()`: an answer that holds one is never stored, marked or not.
 */
const SECRET_FORMATS = /"(?:epk_|whsec_)[A-Za-z0-9+/_=-]{16,}"|"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"/;

export function holdsSecret(body: unknown): boolean {
  return body !== undefined && SECRET_FORMATS.test(JSON.stringify(body) ?? '');
}
