import { constraintErrors } from '../common/database-errors.js';
import { defineErrors } from '../common/domain-error.js';

export const PlanErrors = defineErrors({
  PLAN_NOT_FOUND: { status: 404, title: { nl: 'Nog geen plan', en: 'No plan yet' } },
  PLAN_ALREADY_EXISTS: { status: 409, title: { nl: 'Dit huishouden heeft al een plan', en: 'This household already has a plan' } },
  GOAL_NOT_FOUND: { status: 404, title: { nl: 'Doel niet gevonden', en: 'Goal not found' } },
  ACTION_NOT_FOUND: { status: 404, title: { nl: 'Actie niet gevonden', en: 'Action not found' } },
  REVISION_NOT_FOUND: { status: 404, title: { nl: 'Versie niet gevonden', en: 'Revision not found' } },
  UNKNOWN_ACTION_OWNER: { status: 422, title: { nl: 'Onbekende eigenaar van de actie', en: 'Unknown action owner' } },
  OWNER_NOT_INVOLVED: { status: 422, title: { nl: 'Eigenaar werkt niet aan dit huishouden', en: 'Owner does not work on this household' } },
  UNKNOWN_LIST_ENTRY: { status: 422, title: { nl: 'Onbekend element in de lijst', en: 'Unknown list entry' } },
  ONLY_STATUS_FOR_OWNER: { status: 403, title: { nl: 'Alleen de status mag worden gewijzigd', en: 'Only the status may be changed' } },
  NETWORK_MEMBER_OWNS_ACTIONS: { status: 409, title: { nl: 'Netwerklid is nog eigenaar van acties', en: 'Network member still owns actions' } },
});

/** Constraints of this module whose violation (a race past the service's own check) has an answer of its own. */
export const PlanConstraintErrors = constraintErrors(PlanErrors, {
  uq_plan_household: { code: 'PLAN_ALREADY_EXISTS', detail: { nl: 'Een huishouden heeft precies één plan. Lees het met GET …/plan en wijzig het met PATCH.', en: 'A household has exactly one plan. Read it with GET …/plan and change it with PATCH.' } },
  plan_action_owner_member_removed: {
    code: 'UNKNOWN_ACTION_OWNER',
    detail: { nl: 'Dit gezinslid is uit het huishouden verwijderd en kan geen open actie meer hebben. Kies een andere eigenaar.', en: 'This member was removed from the household and cannot own an open action. Choose another owner.' },
  },
  fk_plan_action_owner_network_member: { code: 'NETWORK_MEMBER_OWNS_ACTIONS', detail: { nl: 'Een netwerklid dat eigenaar is van acties kan niet worden verwijderd. Geef die acties eerst een andere eigenaar.', en: 'A network member who owns actions cannot be removed. Give those actions another owner first.' } },
});
