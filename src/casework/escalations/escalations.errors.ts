import { defineErrors } from '../../common/domain-error.js';

export const EscalationErrors = defineErrors({
  ESCALATION_NOT_FOUND: { status: 404, title: { nl: 'Escalatie niet gevonden', en: 'Escalation not found' } },
  ESCALATION_ALREADY_OPEN: { status: 409, title: { nl: 'Er staat al een escalatie open', en: 'An escalation is already open' } },
  ESCALATION_ALREADY_RESOLVED: { status: 409, title: { nl: 'Escalatie al opgelost', en: 'Escalation already resolved' } },
});
