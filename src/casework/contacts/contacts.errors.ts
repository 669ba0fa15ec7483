import { defineErrors } from '../../common/domain-error.js';

export const ContactErrors = defineErrors({
  CONTACT_NOT_FOUND: { status: 404, title: { nl: 'Contactmoment niet gevonden', en: 'Contact moment not found' } },
  OCCURRED_AT_IN_FUTURE: { status: 422, title: { nl: 'Contactmoment in de toekomst', en: 'Contact moment in the future' } },
});
