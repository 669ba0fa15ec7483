import { QueryFailedError } from 'typeorm';
import { defineErrors, DomainError, type ErrorSpec } from './domain-error.js';
import { isVersionedResource, staleVersionError } from './etag.js';
import type { Text } from './language.js';

interface PgDriverError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/**
 * The SQLSTATE a change statement raises when its version gate found the resource moved on (e.g.
 * `eenplan_plan_version_conflict`), its detail `{"resource": …, "currentVersion": …}`: answered as the 412 of
 * `staleVersion`, as if the application had found the version stale itself.
 */
export const VERSION_CONFLICT_SQLSTATE = 'EP412';

function versionConflict(driver: PgDriverError): DomainError | undefined {
  if (driver.code !== VERSION_CONFLICT_SQLSTATE) return undefined;
  let said: { resource?: unknown; currentVersion?: unknown } = {};
  try {
    said = JSON.parse(driver.detail ?? '{}') as typeof said;
  } catch {
    // not the detail the functions write: still a conflict, answered without a version
  }
  const { resource, currentVersion } = said;
  if (isVersionedResource(resource) && typeof currentVersion === 'number') return staleVersionError(resource, currentVersion);
  // the resource is gone meanwhile (no version to name): the other change won all the same
  return concurrentChange();
}

/** What a person can do about one violated constraint. */
export interface ConstraintError extends ErrorSpec {
  code: string;
  detail: Text;
}

/**
 * One module's constraint names → errors, declared next to that module's errors (e.g. `PlanConstraintErrors`).
 * The database is the last word on invariants; when a race gets past the application's own check, the person
 * still gets a clear 409 instead of a 500.
 */
export type ConstraintErrors = Readonly<Record<string, ConstraintError>>;

/**
 * A module's table, built on its own error table so that code, status and title are declared once:
 * `constraintErrors(PlanErrors, { uq_plan_household: { code: 'PLAN_ALREADY_EXISTS', detail: '…' } })`.
 */
export function constraintErrors<Code extends string>(errors: { codes: Record<Code, ErrorSpec> }, table: Record<string, { code: Code; detail: Text }>): ConstraintErrors {
  return Object.fromEntries(Object.entries(table).map(([name, { code, detail }]) => [name, { code, ...errors.codes[code], detail }]));
}

const CONSTRAINTS = new Map<string, ConstraintError>();

/**
 * The composition root hands every module's table over at start-up; common knows no feature. Registering the
 * same table again (a second app in one process) is harmless; two different mappings of one name are a bug.
 */
export function registerConstraintErrors(...tables: ConstraintErrors[]): void {
  for (const table of tables) {
    for (const [name, error] of Object.entries(table)) {
      const known = CONSTRAINTS.get(name);
      if (known && known !== error) throw new Error(`Constraint ${name} is mapped to an error twice`);
      CONSTRAINTS.set(name, error);
    }
  }
}

/** What the database refuses without a module's own answer for the constraint. */
export const DatabaseErrors = defineErrors({
  DUPLICATE: { status: 409, title: { nl: 'Bestaat al', en: 'Already exists' } },
  REFERENCE_INVALID: {
    status: 409,
    title: { nl: 'Verwijst naar iets dat niet bestaat of nog in gebruik is', en: 'Refers to something that does not exist or is still in use' },
  },
  INVALID_VALUE: { status: 422, title: { nl: 'Een waarde is niet toegestaan', en: 'A value is not acceptable' } },
  CONCURRENT_CHANGE: { status: 409, title: { nl: 'Tegelijk gewijzigd', en: 'Changed at the same time' } },
});

export function translateDatabaseError(error: unknown): DomainError | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driver = (error as QueryFailedError & { driverError?: PgDriverError }).driverError ?? {};
  const conflict = versionConflict(driver);
  if (conflict) return conflict;
  const known = driver.constraint ? CONSTRAINTS.get(driver.constraint) : undefined;
  // 23514: a check — or a trigger raising check_violation with a CONSTRAINT name (e.g. a restriction of processing)
  if (known && (driver.code === '23505' || driver.code === '23503' || driver.code === '23514')) {
    return new DomainError(known.code, known.status, known.title, known.detail);
  }
  switch (driver.code) {
    case '23505':
      return DatabaseErrors.create('DUPLICATE', { nl: 'Er bestaat al een record met deze waarden.', en: 'A record with these values already exists.' });
    case '23503':
      return DatabaseErrors.create('REFERENCE_INVALID', {
        nl: 'Een record waarnaar verwezen wordt bestaat niet in deze gemeente, of er wordt elders nog naar dit record verwezen.',
        en: 'A referenced record does not exist in this municipality, or the record is still referred to elsewhere.',
      });
    case '23514':
    case '23502':
    case '22001':
    case '22007':
    case '22008':
    case '22P02':
    case '22003':
      return DatabaseErrors.create('INVALID_VALUE', {
        nl: 'Een van de waarden overtreedt een regel van het gegevensmodel. Controleer de waarden en probeer het opnieuw.',
        en: 'One of the values breaks a rule of the data model. Check the values and retry.',
      });
    case '40001':
    case '40P01':
      return concurrentChange();
    default:
      return undefined;
  }
}

function concurrentChange(): DomainError {
  return DatabaseErrors.create('CONCURRENT_CHANGE', {
    nl: 'Een andere wijziging kwam ertussen. Lees de gegevens opnieuw en probeer het nog eens.',
    en: 'Another change got in the way. Read the resource again and retry.',
  });
}

/** Network errors of the driver: the server cannot be reached or went away. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EENPLAN_DB_TIMEOUT']);
/** SQLSTATEs that mean "not now" rather than "wrong": shutdown, start-up, too many connections, out of resources. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '53000', '53100', '53200']);
/** node-postgres and pg-pool say these in plain messages without a code. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /^Client has encountered a connection error/,
  /is not queryable/,
  /^Query read timeout/,
];

export type Unavailability = { kind: 'unavailable' | 'slow' | 'queue'; reason: string };

/**
 * Whether an error means the database (or the queue's store) is unavailable — answered with 503 and
 * Retry-After — rather than a bug. `slow` (statement or lock timeout) is also 503 but says nothing about an outage.
 */
export function classifyUnavailable(error: unknown): Unavailability | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) return { kind: 'unavailable', reason: code };
      if (code === '57014' || code === '55P03') return { kind: 'slow', reason: code };
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return { kind: 'unavailable', reason: 'connection' };
    // ioredis, when REDIS_URL holds the queue: producers fail fast while it is down
    if ((e as { name?: unknown }).name === 'MaxRetriesPerRequestError' || message === 'Connection is closed.') return { kind: 'queue', reason: 'redis' };
    e = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}
