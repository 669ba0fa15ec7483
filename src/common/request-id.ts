import type { IncomingMessage } from 'node:http';

/**
 * What a caller may send as its own X-Request-Id and have kept (in the audit trail, next to ours). Anything else
 * is dropped: the header is free text from outside, and the trail must not carry whatever a client puts in it.
 * The database checks the same pattern (ck_audit_event_caller_request_id).
 */
export const CALLER_REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

const CALLER_REQUEST_ID = Symbol('callerRequestId');

/** Keeps the caller's X-Request-Id on the request if it is acceptable; our own request id is always generated. */
export function rememberCallerRequestId(req: IncomingMessage): void {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming === 'string' && CALLER_REQUEST_ID_PATTERN.test(incoming)) {
    (req as IncomingMessage & { [CALLER_REQUEST_ID]?: string })[CALLER_REQUEST_ID] = incoming;
  }
}

/** The caller's own request id, when it sent an acceptable one. */
export function callerRequestIdOf(req: object | undefined): string | null {
  return (req as { [CALLER_REQUEST_ID]?: string } | undefined)?.[CALLER_REQUEST_ID] ?? null;
}
