import { constraintErrors } from '../common/database-errors.js';
import { defineErrors } from '../common/domain-error.js';

export const CoordinationErrors = defineErrors({
  NOT_A_COORDINATOR: { status: 422, title: { nl: 'Geen regisseur', en: 'Not a coordinator' } },
  NOT_ASSIGNED: { status: 409, title: { nl: 'Geen regisseur', en: 'No coordinator' } },
  HANDOVER_PENDING: { status: 409, title: { nl: 'Overdracht in afwachting', en: 'Hand-over pending' } },
  HANDOVER_DECIDED: { status: 409, title: { nl: 'Over de overdracht is al beslist', en: 'Hand-over already decided' } },
  HANDOVER_NOT_FOUND: { status: 404, title: { nl: 'Overdracht niet gevonden', en: 'Hand-over not found' } },
  COORDINATION_CHANGED: { status: 409, title: { nl: 'Regie gewijzigd', en: 'Coordination changed' } },
  NOT_ALLOWED_TO_ASSIGN: { status: 403, title: { nl: 'Niet toegestaan de regisseur toe te wijzen', en: 'Not allowed to assign the coordinator' } },
  COORDINATOR_CHANGED_CONCURRENTLY: { status: 409, title: { nl: 'De regisseur is tegelijk gewijzigd', en: 'The coordinator was changed at the same time' } },
});

/** Constraints of this module whose violation (a race past the service's own check) has an answer of its own. */
export const CoordinationConstraintErrors = constraintErrors(CoordinationErrors, {
  uq_coordinator_assignment_active: { code: 'COORDINATOR_CHANGED_CONCURRENTLY', detail: { nl: 'Iemand anders heeft zojuist een regisseur toegewezen. Lees de huidige regisseur en probeer het opnieuw als dat nog nodig is.', en: 'Someone else assigned a coordinator a moment ago. Read the current coordinator and try again if still needed.' } },
});
