import { CommonErrors } from './domain-error.js';

export const etagFor = (version: number) => `"${version}"`;

/**
 * If-Match → the version the client last read. Missing → 428; unparseable or `*` → 428 as well, because
 * only a concrete version protects against lost updates.
 */
export function requireIfMatch(header: string | undefined, resource: string): number {
  if (header === undefined || header.trim() === '') {
    throw CommonErrors.create(
      'PRECONDITION_REQUIRED',
      `Changing the ${resource} requires an If-Match header with the ETag you last read (GET it first), so no one's changes are overwritten.`,
    );
  }
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  if (!match) {
    throw CommonErrors.create('PRECONDITION_REQUIRED', `If-Match must be one ETag as returned by GET, e.g. "3".`);
  }
  return Number(match[1]);
}

export function staleVersion(resource: string, current: number): never {
  throw CommonErrors.create(
    'PRECONDITION_FAILED',
    `The ${resource} was changed by someone else since you read it (it is now at version ${current}). Read it again, reapply your change and retry.`,
    { currentVersion: current },
  );
}
