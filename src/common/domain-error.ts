/**
 * Base of every module's errors. A module declares its codes (e.g. `PLAN_VERSION_MISMATCH`) with status and
 * title in one table; the problem+json filter turns them into responses with a stable `type` URI. `detail`
 * must say what the person can do about it and must never contain personal data (ids only).
 */
export interface ErrorSpec {
  status: number;
  title: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

/** Builds a typed factory for one module's error table: `errors.raise('CODE', 'detail')`. */
export function defineErrors<Code extends string>(table: Record<Code, ErrorSpec>) {
  return {
    codes: table,
    create(code: Code, detail: string, extensions: Record<string, unknown> = {}): DomainError {
      const spec = table[code];
      return new DomainError(code, spec.status, spec.title, detail, extensions);
    },
  };
}

/** Errors shared by all modules. */
export const CommonErrors = defineErrors({
  NOT_FOUND: { status: 404, title: 'Not found' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  PRECONDITION_REQUIRED: { status: 428, title: 'If-Match header required' },
  PRECONDITION_FAILED: { status: 412, title: 'The resource has changed' },
  CONFLICT: { status: 409, title: 'Conflict with the current state' },
  INVALID_CURSOR: { status: 400, title: 'Invalid cursor' },
});

export const notFound = (what: string, id: string) =>
  CommonErrors.create('NOT_FOUND', `No ${what} with id ${id} exists, or you are not involved with it.`);
