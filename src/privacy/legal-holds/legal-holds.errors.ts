import { defineErrors } from '../../common/domain-error.js';

export const LegalHoldErrors = defineErrors({
  LEGAL_HOLD_NOT_FOUND: { status: 404, title: { nl: 'Bewaarplicht niet gevonden', en: 'Legal hold not found' } },
  LEGAL_HOLD_ALREADY_LIFTED: { status: 409, title: { nl: 'Bewaarplicht al opgeheven', en: 'Legal hold already lifted' } },
});
