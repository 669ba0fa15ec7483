import { constraintErrors } from '../common/database-errors.js';
import { defineErrors } from '../common/domain-error.js';

export const HouseholdErrors = defineErrors({
  MEMBER_NOT_FOUND: { status: 404, title: { nl: 'Gezinslid niet gevonden', en: 'Member not found' } },
  BSN_NOT_ON_RECORD: { status: 404, title: { nl: 'Geen BSN vastgelegd', en: 'No BSN on record' } },
  BSN_NOT_FOR_YOU: { status: 403, title: { nl: 'BSN alleen voor de regisseur', en: 'BSN only for the coordinator' } },
  INVALID_STATUS_TRANSITION: { status: 409, title: { nl: 'Statuswijziging niet mogelijk', en: 'Status change not possible' } },
  HOUSEHOLD_NOT_CLOSED: { status: 409, title: { nl: 'Huishouden is niet afgesloten', en: 'Household is not closed' } },
  MEMBER_OWNS_OPEN_ACTIONS: { status: 409, title: { nl: 'Gezinslid is nog eigenaar van open acties', en: 'Member still owns open actions' } },
  HOUSEHOLD_CHANGED_CONCURRENTLY: { status: 409, title: { nl: 'Het huishouden is tegelijk gewijzigd', en: 'The household was changed at the same time' } },
});

/**
 * Constraints of this module whose violation (a race past the service's own check) has an answer of its own.
 * `member_owns_open_actions` is the database's own check (a trigger, migration 1764602000000): the plan's actions
 * are the plans module's, which this module does not read.
 */
export const HouseholdConstraintErrors = constraintErrors(HouseholdErrors, {
  member_owns_open_actions: {
    code: 'MEMBER_OWNS_OPEN_ACTIONS',
    detail: {
      nl: 'Dit gezinslid is eigenaar van een actie in het plan die nog open of bezig is. Geef die actie eerst een andere eigenaar, of rond haar af of annuleer haar; verwijder het gezinslid daarna.',
      en: 'This member owns an action of the plan that is still open or in progress. Give that action another owner, or finish or cancel it, first; then remove the member.',
    },
  },
  uq_household_episode_open: { code: 'HOUSEHOLD_CHANGED_CONCURRENTLY', detail: { nl: 'Iemand anders heeft dit huishouden zojuist gewijzigd. Lees het opnieuw en probeer het nog eens.', en: 'Someone else changed this household a moment ago. Read it again and retry.' } },
});
