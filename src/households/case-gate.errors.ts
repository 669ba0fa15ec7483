import { constraintErrors } from '../common/database-errors.js';
import { defineErrors, type DomainError } from '../common/domain-error.js';
import type { Text } from '../common/language.js';

/**
 * Errors every case feature shares, declared once: the case gate's closed household, and a member that is not
 * (or no longer) in the household. (The 404 for a household that does not exist or is not visible is access's
 * `HOUSEHOLD_NOT_FOUND`, also declared once.)
 */
export const CaseErrors = defineErrors({
  HOUSEHOLD_CLOSED: { status: 409, title: { nl: 'Huishouden is afgesloten', en: 'Household is closed' } },
  ACCESS_CHANGED: { status: 409, title: { nl: 'Toegang tot de zaak is gewijzigd', en: 'Access to the case changed' } },
  MEMBER_NOT_IN_HOUSEHOLD: { status: 422, title: { nl: 'Geen lid van dit huishouden', en: 'Not a member of this household' } },
});

/** 409 HOUSEHOLD_CLOSED; `detail` says what the person can do, in the words of the route that refused. */
export const householdClosed = (detail: Text): DomainError => CaseErrors.create('HOUSEHOLD_CLOSED', detail);

/**
 * A plan change that waited for a close's lock (`eenplan_plan_version_conflict`, migration 1764601400000), or for
 * a change of who may act on the case (`eenplan_plan_change_conflict`, migration 1764601900000).
 */
export const CaseConstraintErrors = constraintErrors(CaseErrors, {
  plan_household_closed: {
    code: 'HOUSEHOLD_CLOSED',
    detail: { nl: 'Het huishouden is zojuist afgesloten; het plan kan niet meer worden gewijzigd.', en: 'The household was just closed; its plan can no longer be changed.' },
  },
  plan_access_changed: {
    code: 'ACCESS_CHANGED',
    detail: {
      nl: 'Terwijl uw wijziging onderweg was, veranderde wie deze zaak mag wijzigen (een overdracht, afsluiting of heropening, of een wijziging van het zorgteam of een toestemming). Er is niets gewijzigd. Lees de zaak opnieuw en probeer het dan nog eens.',
      en: 'While your change was on its way, who may change this case changed (a hand-over, a close or reopen, or a change of the care team or a consent). Nothing was changed. Read the case again, then retry.',
    },
  },
});
