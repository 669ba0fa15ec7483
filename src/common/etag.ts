import { CommonErrors, type DomainError } from './domain-error.js';
import type { Text } from './language.js';

/** What can be changed under If-Match, named for the 428 and 412 texts (Dutch with its article). */
const RESOURCE_NAMES = {
  plan: { nl: 'het plan', en: 'plan' },
  household: { nl: 'het huishouden', en: 'household' },
  'life-domain list': { nl: 'de lijst met leefgebieden', en: 'life-domain list' },
  'retention schedule': { nl: 'het bewaarschema', en: 'retention schedule' },
} satisfies Record<string, Text>;

export type VersionedResource = keyof typeof RESOURCE_NAMES;

export const etagFor = (version: number) => `"${version}"`;

/**
 * If-Match → the version the client last read (RFC 9110 §13.1.1). Missing → 428 (RFC 6585: the change must be
 * conditional). Present but matching no current ETag → 412: our ETags are strong `"<version>"`, so a weak
 * (`W/"3"`, never equal under the strong comparison If-Match uses), unparseable or out-of-range tag cannot match.
 * `*` is a valid condition that would let a change through whatever version it overwrites, so it does not satisfy
 * the requirement of a concrete version: 428, as if no precondition had been sent. A list with more than one tag
 * is refused with 412: a client edits the one version it read.
 */
export function requireIfMatch(header: string | undefined, resource: VersionedResource): number {
  const name = RESOURCE_NAMES[resource];
  const value = header?.trim() ?? '';
  if (value === '' || value === '*') {
    throw CommonErrors.create(
      'PRECONDITION_REQUIRED',
      {
        nl:
          value === '*'
            ? `If-Match: * zou wijzigingen overschrijven die u niet hebt gezien. Voor het wijzigen van ${name.nl} is If-Match nodig met de ETag die u het laatst hebt gelezen (haal die eerst op met GET).`
            : `Voor het wijzigen van ${name.nl} is een If-Match-header nodig met de ETag die u het laatst hebt gelezen (haal die eerst op met GET), zodat niemands wijzigingen worden overschreven.`,
        en:
          value === '*'
            ? `If-Match: * would overwrite changes you have not seen. Changing the ${name.en} requires If-Match with the ETag you last read (GET it first).`
            : `Changing the ${name.en} requires an If-Match header with the ETag you last read (GET it first), so no one's changes are overwritten.`,
      },
    );
  }
  const match = /^"([1-9]\d{0,9})"$/.exec(value);
  const version = match ? Number(match[1]) : NaN;
  // A tag that can match no version (weak, unparseable, several, out of range) is not refused here but answered
  // as stale by the service — after its access check, so who may not see the resource still gets 403/404.
  return Number.isSafeInteger(version) && version >= 1 && version <= 2_147_483_647 ? version : NO_VERSION;
}

/**
 * If-Match where a change may be made without it (a household's members: partners' clients of an earlier version
 * send none): absent, or `*` (any current version), is no condition; any other value is read as `requireIfMatch`
 * reads it, so a stale or unparseable tag is a 412.
 */
export function optionalIfMatch(header: string | undefined, resource: VersionedResource): number | undefined {
  const value = header?.trim() ?? '';
  return value === '' || value === '*' ? undefined : requireIfMatch(value, resource);
}

/** One strong ETag of a version (1 to 2^31 − 1, as `requireIfMatch` reads it). */
const IF_MATCH_PATTERN = '^"[1-9][0-9]{0,9}"$';

/** The If-Match header as the contract states it: `required` where a change needs it; `*` documented where it is no condition. */
export function ifMatchHeader(description: string, required = true) {
  const form = required
    ? 'Exactly one ETag as the server sent it, e.g. `"3"`. A weak tag (`W/"3"`), a list or an unknown version matches nothing: 412. Missing or `*`: 428.'
    : 'Exactly one ETag as the server sent it, e.g. `"3"`; absent or `*`: no condition. A weak tag (`W/"3"`), a list or an unknown version matches nothing: 412.';
  return { name: 'If-Match', required, description: `${description} ${form}`, schema: { type: 'string' as const, pattern: required ? IF_MATCH_PATTERN : `^(${IF_MATCH_PATTERN.slice(1, -1)}|\\*)$` } };
}

/** Versions start at 1: a condition that names no real version is compared as this and always fails (412). */
export const NO_VERSION = 0;

/** `expected`: the version the caller's If-Match named; `NO_VERSION` when its form could match no version. */
export function staleVersion(resource: VersionedResource, current: number, expected?: number): never {
  throw staleVersionError(resource, current, expected);
}

/** The 412 of `staleVersion`, for a caller that hands the error on rather than throwing it. */
export function staleVersionError(resource: VersionedResource, current: number, expected?: number): DomainError {
  const name = RESOURCE_NAMES[resource];
  if (expected === NO_VERSION) {
    // nobody changed anything: the header's form can match no version, and the client should hear that
    return CommonErrors.create(
      'PRECONDITION_FAILED',
      {
        nl: `If-Match noemt geen versie van ${name.nl}: stuur precies één ETag zoals u die kreeg, zonder W/ en niet als lijst (nu "${current}").`,
        en: `If-Match names no version of the ${name.en}: send exactly one ETag as you received it, without W/ and not as a list (now "${current}").`,
      },
      { currentVersion: current },
    );
  }
  return CommonErrors.create(
    'PRECONDITION_FAILED',
    {
      nl: `${name.nl.charAt(0).toUpperCase()}${name.nl.slice(1)} is door iemand anders gewijzigd sinds u de gegevens las (nu versie ${current}). Lees opnieuw, breng uw wijziging opnieuw aan en probeer het nog eens.`,
      en: `The ${name.en} was changed by someone else since you read it (it is now at version ${current}). Read it again, reapply your change and retry.`,
    },
    { currentVersion: current },
  );
}

/** Whether `resource` names a resource changed under If-Match (as a version conflict raised by the database does). */
export const isVersionedResource = (resource: unknown): resource is VersionedResource => typeof resource === 'string' && Object.hasOwn(RESOURCE_NAMES, resource);
