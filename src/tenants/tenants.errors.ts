import { defineErrors } from '../common/domain-error.js';

export const TenantErrors = defineErrors({
  TENANT_NAME_TAKEN: { status: 409, title: 'A municipality with this name already exists' },
  TENANT_SLUG_TAKEN: { status: 409, title: 'A municipality with this slug already exists' },
  ADMIN_SUBJECT_TAKEN: { status: 409, title: 'This sign-in subject already belongs to a professional' },
  TENANT_INPUT_INVALID: { status: 400, title: 'The municipality cannot be created from this input' },
});
