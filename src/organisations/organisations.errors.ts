import { constraintErrors } from '../common/database-errors.js';
import { defineErrors } from '../common/domain-error.js';

export const OrganisationErrors = defineErrors({
  ORGANISATION_NOT_FOUND: { status: 404, title: { nl: 'Organisatie niet gevonden', en: 'Organisation not found' } },
  ORGANISATION_NAME_TAKEN: { status: 409, title: { nl: 'Naam van de organisatie al in gebruik', en: 'Organisation name already in use' } },
});

/** Constraints of this module whose violation (a race past the service's own check) has an answer of its own. */
export const OrganisationConstraintErrors = constraintErrors(OrganisationErrors, {
  uq_organisation_tenant_name: { code: 'ORGANISATION_NAME_TAKEN', detail: { nl: 'Een andere organisatie van deze gemeente heeft deze naam. Kies een andere naam.', en: 'Another organisation of this municipality has this name. Choose a different name.' } },
});
