import { defineErrors } from '../../common/domain-error.js';

export const RetentionErrors = defineErrors({
  RETENTION_CATEGORY_NOT_FOUND: { status: 404, title: { nl: 'Onbekende bewaarcategorie', en: 'Unknown retention category' } },
  RETENTION_CATEGORY_FIXED: { status: 422, title: { nl: 'Bewaartermijn ligt vast', en: 'Retention period is fixed' } },
  RETENTION_PERIOD_OUT_OF_BOUNDS: { status: 422, title: { nl: 'Bewaartermijn buiten de grenzen', en: 'Retention period out of bounds' } },
  RETENTION_AUDIT_TOO_SHORT: { status: 422, title: { nl: 'Audittermijn korter dan die van het dossier', en: 'Audit period shorter than the case file’s' } },
});
