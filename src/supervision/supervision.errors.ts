import { defineErrors } from '../common/domain-error.js';

export const SupervisionErrors = defineErrors({
  RULE_NOT_FOUND: { status: 404, title: { nl: 'Onbekende stilstandregel', en: 'Unknown stall rule' } },
  EVALUATION_RUNNING: { status: 409, title: { nl: 'Er loopt al een beoordeling', en: 'An evaluation is already running' } },
  SNOOZE_NOT_FOUND: { status: 404, title: { nl: 'Uitstel niet gevonden', en: 'Snooze not found' } },
  INVALID_SNOOZE_END: { status: 422, title: { nl: 'Ongeldige einddatum van het uitstel', en: 'Invalid snooze end date' } },
  NOT_OWN_CASELOAD: { status: 403, title: { nl: 'Alleen uw eigen caseload', en: 'Only your own caseload' } },
  COORDINATOR_NOT_FOUND: { status: 404, title: { nl: 'Regisseur niet gevonden', en: 'Coordinator not found' } },
  NOT_A_COORDINATOR: { status: 422, title: { nl: 'Geen regisseur', en: 'Not a coordinator' } },
  SAME_COORDINATOR: { status: 422, title: { nl: 'Overdracht aan dezelfde regisseur', en: 'Hand-over to the same coordinator' } },
  NOT_IN_CASELOAD: { status: 409, title: { nl: 'Huishouden niet in deze caseload', en: 'Household not in this caseload' } },
  NOTHING_TO_HAND_OVER: { status: 409, title: { nl: 'Niets over te dragen', en: 'Nothing to hand over' } },
});
