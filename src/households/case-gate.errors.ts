import { defineErrors, type DomainError } from '../common/domain-error.js';
import type { Text } from '../common/language.js';

/**
 * Errors every case feature shares, declared once: the case gate's closed household, and a member that is not
 * (or no longer) in the household. (The 404 for a household that does not exist or is not visible is access's
 * `HOUSEHOLD_NOT_FOUND`, also declared once.)
 */
export const CaseErrors = defineErrors({
  HOUSEHOLD_CLOSED: { status: 409, title: { nl: 'Huishouden is afgesloten', en: 'Household is closed' } },
  MEMBER_NOT_IN_HOUSEHOLD: { status: 422, title: { nl: 'Geen lid van dit huishouden', en: 'Not a member of this household' } },
});

/** 409 HOUSEHOLD_CLOSED; `detail` says what the person can do, in the words of the route that refused. */
export const householdClosed = (detail: Text): DomainError => CaseErrors.create('HOUSEHOLD_CLOSED', detail);
