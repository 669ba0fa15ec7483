import { defineErrors, type DomainError } from '../common/domain-error.js';

export const AccessErrors = defineErrors({
  HOUSEHOLD_NOT_FOUND: { status: 404, title: { nl: 'Huishouden niet gevonden', en: 'Household not found' } },
  NOT_ALLOWED_FOR_HOUSEHOLD: { status: 403, title: { nl: 'Niet toegestaan voor dit huishouden', en: 'Not allowed for this household' } },
  EMERGENCY_ACCESS_READ_ONLY: { status: 403, title: { nl: 'Noodtoegang is alleen inzage', en: 'Emergency access is read-only' } },
  OUTSIDE_SCOPE: { status: 403, title: { nl: 'Buiten wat uw betrokkenheid dekt', en: 'Outside what your involvement covers' } },
});

export const householdNotFound = (id: string) =>
  withHousehold(AccessErrors.create('HOUSEHOLD_NOT_FOUND', {
    nl: `Er bestaat geen huishouden met id ${id}, of u bent er niet bij betrokken.`,
    en: `No household with id ${id} exists, or you are not involved with it.`,
  }), id);

const HOUSEHOLD = Symbol('eenplan:household');

/** Tells the audit trail which household a denial concerned; not part of the problem document. */
export function withHousehold(error: DomainError, householdId: string): DomainError {
  Object.defineProperty(error, HOUSEHOLD, { value: householdId, enumerable: false });
  return error;
}

export function householdOfError(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? ((error as Record<symbol, unknown>)[HOUSEHOLD] as string | undefined) : undefined;
}
