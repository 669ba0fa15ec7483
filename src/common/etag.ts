import { CommonErrors } from './domain-error.js';

export const etagFor = (version: number) => `"${version}"`;

/**
 * If-Match → the version the client last read (RFC 9110 §13.1.1). Missing → 428 (RFC 6585: the change must be
 * conditional). Present but matching no current ETag → 412: our ETags are strong `"<version>"`, so a weak
 * (`W/"3"`, never equal under the strong comparison If-Match uses), unparseable or out-of-range tag cannot match.
 * `*` is a valid condition that would let a change through whatever version it overwrites, so it does not satisfy
 * the requirement of a concrete version: 428, as if no precondition had been sent. A list with more than one tag
 * is refused with 412: a client edits the one version it read.
 */
export function requireIfMatch(header: string | undefined, resource: string): number {
  const value = header?.trim() ?? '';
  if (value === '' || value === '*') {
    throw CommonErrors.create(
      'PRECONDITION_REQUIRED',
      value === '*'
        ? `If-Match: * would overwrite changes you have not seen. Changing the ${resource} requires If-Match with the ETag you last read (GET it first).`
        : `Changing the ${resource} requires an If-Match header with the ETag you last read (GET it first), so no one's changes are overwritten.`,
    );
  }
  const match = /^"(\d{1,10})"$/.exec(value);
  const version = match ? Number(match[1]) : NaN;
  // A tag that can match no version (weak, unparseable, several, out of range) is not refused here but answered
  // as stale by the service — after its access check, so who may not see the resource still gets 403/404.
  return Number.isSafeInteger(version) && version >= 1 && version <= 2_147_483_647 ? version : NO_VERSION;
}

/** Versions start at 1: a condition that names no real version is compared as this and always fails (412). */
export const NO_VERSION = 0;

export function staleVersion(resource: string, current: number): never {
  throw CommonErrors.create(
    'PRECONDITION_FAILED',
    `The ${resource} was changed by someone else since you read it (it is now at version ${current}). Read it again, reapply your change and retry.`,
    { currentVersion: current },
  );
}
