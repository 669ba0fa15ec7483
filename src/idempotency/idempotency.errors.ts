import { defineErrors } from '../common/domain-error.js';

export const IdempotencyErrors = defineErrors({
  IDEMPOTENCY_KEY_INVALID: { status: 400, title: { nl: 'Ongeldige Idempotency-Key', en: 'Invalid Idempotency-Key' } },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: { nl: 'Idempotency-Key gebruikt voor een ander verzoek', en: 'Idempotency-Key used for another request' } },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, title: { nl: 'Het eerste verzoek met deze sleutel loopt nog', en: 'The first request with this key is still running' } },
  // 409 without Retry-After: the request did succeed; retrying cannot bring back an answer that was never kept
  IDEMPOTENCY_SECRET_NOT_REPLAYED: { status: 409, title: { nl: 'Het eerste antwoord toonde een geheim en wordt niet herhaald', en: 'The first answer showed a secret and is not repeated' } },
  IDEMPOTENCY_SCOPE_CHANGED: { status: 409, title: { nl: 'Uw toegang is veranderd sinds het eerste antwoord', en: 'Your access changed since the first answer' } },
});
