import { defineErrors } from './domain-error.js';
import type { Text } from './language.js';

/**
 * Problems the framework raises rather than a module: Nest's HTTP exceptions, the body parser, health and the
 * last-resort 500. Declared as tables like every module's errors, so they have both texts and are covered by the
 * test that checks every code.
 */
export const HttpErrors = defineErrors({
  BAD_REQUEST: { status: 400, title: { nl: 'Ongeldig verzoek', en: 'Bad request' } },
  UNAUTHENTICATED: { status: 401, title: { nl: 'Aanmelden vereist', en: 'Authentication required' } },
  FORBIDDEN: { status: 403, title: { nl: 'Niet toegestaan', en: 'Not allowed' } },
  NOT_FOUND: { status: 404, title: { nl: 'Niet gevonden', en: 'Not found' } },
  METHOD_NOT_ALLOWED: { status: 405, title: { nl: 'Methode niet toegestaan', en: 'Method not allowed' } },
  NOT_ACCEPTABLE: { status: 406, title: { nl: 'Gevraagd formaat niet beschikbaar', en: 'Not acceptable' } },
  CONFLICT: { status: 409, title: { nl: 'Conflict', en: 'Conflict' } },
  PRECONDITION_FAILED: { status: 412, title: { nl: 'De gegevens zijn intussen gewijzigd', en: 'The resource has changed' } },
  PAYLOAD_TOO_LARGE: { status: 413, title: { nl: 'Inhoud van het verzoek te groot', en: 'Request body too large' } },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: { nl: 'Niet-ondersteund mediatype', en: 'Unsupported media type' } },
  UNPROCESSABLE: { status: 422, title: { nl: 'Verzoek niet te verwerken', en: 'Unprocessable request' } },
  PRECONDITION_REQUIRED: { status: 428, title: { nl: 'If-Match-header vereist', en: 'If-Match header required' } },
  TOO_MANY_REQUESTS: { status: 429, title: { nl: 'Te veel verzoeken', en: 'Too many requests' } },
  SERVICE_UNAVAILABLE: { status: 503, title: { nl: 'Dienst niet beschikbaar', en: 'Service unavailable' } },
});

export type HttpErrorCode = keyof typeof HttpErrors.codes;

/** What a person can do about each framework status; never the framework's own message, which may quote the request. */
export const HTTP_DETAILS: Partial<Record<HttpErrorCode, Text>> = {
  BAD_REQUEST: { nl: 'Het verzoek kon niet worden gelezen.', en: 'The request could not be read.' },
  UNAUTHENTICATED: { nl: 'Stuur een bearer-token in de Authorization-header.', en: 'Send a bearer token in the Authorization header.' },
  FORBIDDEN: { nl: 'U mag dit niet doen.', en: 'You are not allowed to do this.' },
  NOT_FOUND: { nl: 'Deze route bestaat niet. Zie /docs voor de API.', en: 'There is no such route. See /docs for the API.' },
  PAYLOAD_TOO_LARGE: { nl: 'De inhoud van het verzoek is te groot.', en: 'The request body is too large.' },
  TOO_MANY_REQUESTS: {
    nl: 'Te veel verzoeken. Wacht het aantal seconden uit de Retry-After-header en probeer het dan opnieuw.',
    en: 'Too many requests. Wait the number of seconds in the Retry-After header, then retry.',
  },
  SERVICE_UNAVAILABLE: {
    nl: 'De dienst kan op dit moment geen verzoeken verwerken (een onderdeel zoals de database antwoordt niet). Probeer het later opnieuw.',
    en: 'The service cannot serve requests at the moment (a dependency such as the database does not answer). Retry later.',
  },
};

export const INVALID_JSON: Text = { nl: 'De inhoud van het verzoek is geen geldige JSON.', en: 'The request body is not valid JSON.' };
export const BODY_NOT_UTF8: Text = {
  nl: 'De inhoud van het verzoek is geen geldige UTF-8: stuur de tekst als UTF-8 (RFC 8259).',
  en: 'The request body is not valid UTF-8: send the text as UTF-8 (RFC 8259).',
};
export const UNREADABLE_BODY: Text = { nl: 'De inhoud van het verzoek kon niet worden gelezen.', en: 'The request body could not be read.' };
export const OTHER_HTTP_ERROR: Text = { nl: 'Het verzoek kon niet worden verwerkt.', en: 'The request could not be processed.' };

/** The answers that say "not now" (503) or "our fault" (500); none of them reveals internals. */
export const ServiceErrors = defineErrors({
  INTERNAL_ERROR: { status: 500, title: { nl: 'Interne fout', en: 'Internal error' } },
  DATABASE_BUSY: { status: 503, title: { nl: 'De database is bezet', en: 'The database is busy' } },
  DATABASE_UNAVAILABLE: { status: 503, title: { nl: 'De database is niet bereikbaar', en: 'The database is unavailable' } },
  QUEUE_UNAVAILABLE: { status: 503, title: { nl: 'De wachtrij is niet bereikbaar', en: 'The queue is unavailable' } },
});

export const SERVICE_DETAILS: Record<keyof typeof ServiceErrors.codes, Text> = {
  INTERNAL_ERROR: {
    nl: 'Er ging iets mis aan onze kant. Er is niets gewijzigd; probeer het opnieuw en vermeld de requestId als het blijft gebeuren.',
    en: 'Something went wrong on our side. Nothing was changed; try again, and quote the requestId if it persists.',
  },
  DATABASE_BUSY: {
    nl: 'De database heeft dit verzoek niet op tijd afgerond. Probeer het opnieuw na het aantal seconden in Retry-After; controleer bij een wijziging eerst of die is opgeslagen (of stuur haar opnieuw met dezelfde Idempotency-Key).',
    en: 'The database did not finish this request in time. Retry after the number of seconds in Retry-After; for a change, first check whether it was saved (or resend it with the same Idempotency-Key).',
  },
  DATABASE_UNAVAILABLE: {
    nl: 'De database is op dit moment niet bereikbaar. Probeer het opnieuw na het aantal seconden in Retry-After; controleer bij een wijziging eerst of die is opgeslagen (of stuur haar opnieuw met dezelfde Idempotency-Key).',
    en: 'The database cannot be reached right now. Retry after the number of seconds in Retry-After; for a change, first check whether it was saved (or resend it with the same Idempotency-Key).',
  },
  QUEUE_UNAVAILABLE: {
    nl: 'De takenwachtrij is op dit moment niet bereikbaar. Er is niets gewijzigd; probeer het opnieuw na het aantal seconden in Retry-After.',
    en: 'The job queue cannot be reached right now. Nothing was changed; retry after the number of seconds in Retry-After.',
  },
};

/** Codes the filter answers per status; a status not listed becomes `HTTP_<status>`. */
export const HTTP_CODES: Record<number, HttpErrorCode> = Object.fromEntries(
  Object.entries(HttpErrors.codes).map(([code, spec]) => [spec.status, code as HttpErrorCode]),
);
