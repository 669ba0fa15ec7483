import { PRIVACY_REQUEST_STATUSES, type PrivacyRequestStatus } from '../requests/privacy-request-values.js';

/**
 * When a request of a data subject (AVG art. 17/18) has been handled, and so when its retention period starts: the
 * moment of its last step. Pure; the engine's SQL (`REQUEST_COMPLETED_AT`) is written from the same table, and the
 * unit tests hold the two rules together.
 *
 * - `executed` (an erasure carried out): when it was executed;
 * - `rejected`: when it was decided;
 * - `lifted` (a restriction ended): when it was lifted;
 * - `recorded`, `approved`, `active` (a restriction in force): still open — never expired, whatever the period.
 */
export const FINISHED_REQUEST_STEP = {
  executed: 'executed_at',
  rejected: 'decided_at',
  lifted: 'lifted_at',
} as const satisfies Partial<Record<PrivacyRequestStatus, string>>;

export type FinishedRequestStatus = keyof typeof FINISHED_REQUEST_STEP;

export const OPEN_REQUEST_STATUSES = PRIVACY_REQUEST_STATUSES.filter((s) => !(s in FINISHED_REQUEST_STEP));

export interface RequestMoments {
  status: PrivacyRequestStatus;
  decidedAt: Date | null;
  executedAt: Date | null;
  liftedAt: Date | null;
}

/** The moment the request was finished, or null while it is open. */
export function requestCompletedAt(request: RequestMoments): Date | null {
  switch (request.status) {
    case 'executed':
      return request.executedAt;
    case 'rejected':
      return request.decidedAt;
    case 'lifted':
      return request.liftedAt;
    case 'recorded':
    case 'approved':
    case 'active':
      return null;
  }
}

/** `r.<column>` of the finished step, as SQL over a `privacy_request` aliased `r`; NULL while open. */
export const REQUEST_COMPLETED_AT = `CASE r.status ${Object.entries(FINISHED_REQUEST_STEP)
  .map(([status, column]) => `WHEN '${status}' THEN r.${column}`)
  .join(' ')} END`;
