import { SetMetadata } from '@nestjs/common';

export const RESPONSE_CARRIES_SECRET_KEY = 'eenplan:response-carries-secret';

/**
 * The answer shows a secret once (API-client credentials, a webhook signing secret, a token). An Idempotency-Key
 * still makes the request happen once, but its answer is never stored: the record keeps only that it succeeded,
 * and a replay gets 409 `IDEMPOTENCY_SECRET_NOT_REPLAYED` (with the Location of what was made) telling the caller
 * to rotate the secret if it was lost. Put it on every route whose answer carries a secret or token.
 */
export const ResponseCarriesSecret = () => SetMetadata(RESPONSE_CARRIES_SECRET_KEY, true);
