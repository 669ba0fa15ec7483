import { defineErrors } from '../common/domain-error.js';

export const EmergencyAccessErrors = defineErrors({
  EMERGENCY_ACCESS_NOT_FOUND: { status: 404, title: { nl: 'Noodtoegang niet gevonden', en: 'Emergency access not found' } },
  ALREADY_HAS_ACCESS: { status: 409, title: { nl: 'U heeft al toegang', en: 'You already have access' } },
  EMERGENCY_ACCESS_NOT_ACTIVE: { status: 409, title: { nl: 'Noodtoegang loopt niet meer', en: 'Emergency access no longer runs' } },
  ALREADY_REVIEWED: { status: 409, title: { nl: 'Noodtoegang al beoordeeld', en: 'Emergency access already reviewed' } },
  OWN_EMERGENCY_ACCESS: { status: 403, title: { nl: 'Eigen noodtoegang', en: 'Your own emergency access' } },
});
