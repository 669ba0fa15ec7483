import { defineErrors } from '../common/domain-error.js';

export const AuditErrors = defineErrors({
  MEMBER_NOT_FOUND: { status: 404, title: { nl: 'Gezinslid niet gevonden', en: 'Member not found' } },
});
