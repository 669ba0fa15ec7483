import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error.js';

interface PgDriverError {
  code?: string;
  constraint?: string;
}

/**
 * Constraint names → what a person can do about it. The database is the last word on invariants; when a
 * race gets past the application's own check, the person still gets a clear 409 instead of a 500.
 */
const CONSTRAINTS: Record<string, { code: string; title: string; detail: string }> = {
  uq_plan_household: {
    code: 'PLAN_ALREADY_EXISTS',
    title: 'This household already has a plan',
    detail: 'A household has exactly one plan. Read it with GET …/plan and change it with PATCH.',
  },
  uq_coordinator_assignment_active: {
    code: 'COORDINATOR_CHANGED_CONCURRENTLY',
    title: 'The coordinator was changed at the same time',
    detail: 'Someone else assigned a coordinator a moment ago. Read the current coordinator and try again if still needed.',
  },
  uq_household_episode_open: {
    code: 'HOUSEHOLD_CHANGED_CONCURRENTLY',
    title: 'The household was changed at the same time',
    detail: 'Someone else changed this household a moment ago. Read it again and retry.',
  },
  uq_organisation_tenant_name: {
    code: 'ORGANISATION_NAME_TAKEN',
    title: 'Organisation name already in use',
    detail: 'Another organisation of this municipality has this name. Choose a different name.',
  },
  uq_professional_tenant_email: {
    code: 'PROFESSIONAL_EMAIL_TAKEN',
    title: 'E-mail address already in use',
    detail: 'Another professional of this municipality has this e-mail address.',
  },
  uq_care_team_link_active_org: {
    code: 'CARE_TEAM_LINK_EXISTS',
    title: 'Already on the care team',
    detail: 'This organisation already has an active link to the household. End that link first to change it.',
  },
  uq_care_team_link_active_professional: {
    code: 'CARE_TEAM_LINK_EXISTS',
    title: 'Already on the care team',
    detail: 'This professional already has an active link to the household. End that link first to change it.',
  },
  fk_plan_action_owner_network_member: {
    code: 'NETWORK_MEMBER_OWNS_ACTIONS',
    title: 'Network member still owns actions',
    detail: 'A network member who owns actions cannot be removed. Give those actions another owner first.',
  },
};

export function translateDatabaseError(error: unknown): DomainError | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driver = (error as QueryFailedError & { driverError?: PgDriverError }).driverError ?? {};
  const known = driver.constraint ? CONSTRAINTS[driver.constraint] : undefined;
  if (known && (driver.code === '23505' || driver.code === '23503')) {
    return new DomainError(known.code, 409, known.title, known.detail);
  }
  switch (driver.code) {
    case '23505':
      return new DomainError('DUPLICATE', 409, 'Already exists', 'A record with these values already exists.');
    case '23503':
      return new DomainError(
        'REFERENCE_INVALID',
        409,
        'Refers to something that does not exist or is still in use',
        'A referenced record does not exist in this municipality, or the record is still referred to elsewhere.',
      );
    case '23514':
    case '23502':
    case '22001':
    case '22007':
    case '22008':
    case '22P02':
    case '22003':
      return new DomainError('INVALID_VALUE', 422, 'A value is not acceptable', 'One of the values breaks a rule of the data model. Check the values and retry.');
    case '40001':
    case '40P01':
      return new DomainError('CONCURRENT_CHANGE', 409, 'Changed at the same time', 'Another change got in the way. Read the resource again and retry.');
    default:
      return undefined;
  }
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
