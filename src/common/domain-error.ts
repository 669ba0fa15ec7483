import { toText, type Text, type TextSource } from './language.js';

/**
 * Base of every module's errors. A module declares its codes (e.g. `PLAN_VERSION_MISMATCH`) with status and
 * title in one table; the problem+json filter turns them into responses with a stable `type` URI. Title and
 * `detail` are written in Dutch and English side by side (the filter picks one by `Accept-Language`); `detail`
 * must say what the person can do about it and must never contain personal data (ids only).
 */
export interface ErrorSpec {
  status: number;
  title: Text;
}

export class DomainError extends Error {
  readonly detail: Text;

  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: Text,
    detail: TextSource,
    readonly extensions: Record<string, unknown> = {},
  ) {
    const texts = toText(detail);
    // the English text as the message: it is what stack traces and operators' tools show
    super(texts.en);
    this.detail = texts;
    this.name = 'DomainError';
  }
}

/**
 * Every table `defineErrors` built, in the order the modules were loaded: lets a test prove that each code of
 * each table has both texts without a hand-kept list of tables.
 */
export const ERROR_TABLES: ReadonlyArray<Readonly<Record<string, ErrorSpec>>> = [];

/** Builds a typed factory for one module's error table: `errors.create('CODE', { nl, en })`. */
export function defineErrors<Code extends string>(table: Record<Code, ErrorSpec>) {
  (ERROR_TABLES as Array<Record<string, ErrorSpec>>).push(table);
  return {
    codes: table,
    create(code: Code, detail: TextSource, extensions: Record<string, unknown> = {}): DomainError {
      const spec = table[code];
      return new DomainError(code, spec.status, spec.title, detail, extensions);
    },
  };
}

/** Errors shared by all modules. */
export const CommonErrors = defineErrors({
  NOT_FOUND: { status: 404, title: { nl: 'Niet gevonden', en: 'Not found' } },
  FORBIDDEN: { status: 403, title: { nl: 'Niet toegestaan', en: 'Not allowed' } },
  UNAUTHENTICATED: { status: 401, title: { nl: 'Aanmelden vereist', en: 'Authentication required' } },
  VALIDATION_FAILED: { status: 400, title: { nl: 'Het verzoek is niet geldig', en: 'The request is not valid' } },
  PRECONDITION_REQUIRED: { status: 428, title: { nl: 'If-Match-header vereist', en: 'If-Match header required' } },
  PRECONDITION_FAILED: { status: 412, title: { nl: 'De gegevens zijn intussen gewijzigd', en: 'The resource has changed' } },
  CONFLICT: { status: 409, title: { nl: 'Botst met de huidige toestand', en: 'Conflict with the current state' } },
  INVALID_CURSOR: { status: 400, title: { nl: 'Ongeldige cursor', en: 'Invalid cursor' } },
  NOTHING_TO_CHANGE: { status: 400, title: { nl: 'Niets te wijzigen', en: 'Nothing to change' } },
  INVALID_PERIOD: { status: 422, title: { nl: 'Ongeldige periode', en: 'Invalid period' } },
  // well-formed, but outside what the data allows (a birth date in the future): 422, so a request valid per the
  // OpenAPI document is never a 400
  VALUE_NOT_ALLOWED: { status: 422, title: { nl: 'Een waarde valt buiten wat is toegestaan', en: 'A value is outside what is allowed' } },
  METHOD_NOT_ALLOWED: { status: 405, title: { nl: 'Methode niet toegestaan', en: 'Method not allowed' } },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: { nl: 'Niet-ondersteund mediatype', en: 'Unsupported media type' } },
});

/** A 404 that does not tell "does not exist" from "not yours": `what` names the kind of thing in both languages. */
export const notFound = (what: Text, id: string) =>
  CommonErrors.create('NOT_FOUND', {
    nl: `Er bestaat geen ${what.nl} met id ${id}, of u bent er niet bij betrokken.`,
    en: `No ${what.en} with id ${id} exists, or you are not involved with it.`,
  });
