import { defineErrors } from '../common/domain-error.js';

export const AuthErrors = defineErrors({
  TOKEN_MISSING: { status: 401, title: 'Authentication required' },
  TOKEN_INVALID: { status: 401, title: 'Invalid token' },
  TOKEN_EXPIRED: { status: 401, title: 'Token expired' },
  UNKNOWN_SUBJECT: { status: 401, title: 'Unknown user' },
  ROLE_REQUIRED: { status: 403, title: 'Not allowed for your role' },
});
