import { defineErrors } from '../common/domain-error.js';

export const ProfessionalErrors = defineErrors({
  PROFESSIONAL_NOT_FOUND: { status: 404, title: 'Professional not found' },
  AUTH_SUBJECT_TAKEN: { status: 409, title: 'Identity already linked' },
});
