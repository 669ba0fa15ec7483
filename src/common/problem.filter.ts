import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { classifyUnavailable, translateDatabaseError } from './database-errors.js';
import { DomainError } from './domain-error.js';
import { PROBLEM_CONTENT_TYPE, problemType, type ProblemDocument } from './problem.js';

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  412: 'PRECONDITION_FAILED',
  422: 'UNPROCESSABLE',
  428: 'PRECONDITION_REQUIRED',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * The one place errors become responses: RFC 9457 problem+json. Unknown errors are logged (without request
 * bodies) and answered with a 500 that reveals nothing of the internals.
 */
/** What the filter needs of DatabaseAvailability (kept an interface so the filter stays free of Nest wiring). */
export interface OutageTracker {
  readonly retryAfterSeconds: number;
  reportUnavailable(reason: string): void;
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(private readonly outages?: OutageTracker) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(exception, http.getRequest<Request>(), http.getResponse<Response>());
  }

  /** Answers with the problem for `exception`; also for the few answers given outside Nest's exception layer. */
  respond(exception: unknown, request: Request & { id?: unknown }, response: Response): void {
    const problem = this.toProblem(exception);
    problem.instance = request.originalUrl?.split('?')[0];
    if (typeof request.id === 'string' || typeof request.id === 'number') problem.requestId = String(request.id);
    if ((problem.status === 429 || problem.status === 503) && typeof problem.retryAfter === 'number') {
      response.setHeader('Retry-After', String(problem.retryAfter));
    }
    if (problem.status === 401 && !response.getHeader('WWW-Authenticate')) {
      // RFC 6750 §3: every 401 names the scheme; a token was sent but is no good → invalid_token
      const sentToken = /^Bearer\s+\S/i.test(request.headers?.authorization ?? '');
      response.setHeader('WWW-Authenticate', sentToken ? 'Bearer error="invalid_token"' : 'Bearer');
    }
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  toProblem(exception: unknown): ProblemDocument {
    const domain = exception instanceof DomainError ? exception : translateDatabaseError(exception);
    if (domain) {
      return { type: problemType(domain.code), title: domain.title, status: domain.status, detail: domain.detail, code: domain.code, ...domain.extensions };
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    const unavailable = classifyUnavailable(exception);
    if (unavailable) return this.unavailable(unavailable.kind, unavailable.reason);
    const status = bodyParserStatus(exception);
    if (status) return fromBodyParser(status, exception as { type?: string });
    this.logger.error({ error: describe(exception) }, 'Unhandled error');
    return {
      type: problemType('INTERNAL_ERROR'),
      title: 'Internal error',
      status: 500,
      detail: 'Something went wrong on our side. Nothing was changed; try again, and quote the requestId if it persists.',
      code: 'INTERNAL_ERROR',
    };
  }

  /**
   * An outage is not a bug: 503 with Retry-After, and the state change is logged once (DatabaseAvailability),
   * not every request.
   */
  private unavailable(kind: 'unavailable' | 'slow' | 'queue', reason: string): ProblemDocument {
    if (kind === 'unavailable') this.outages?.reportUnavailable(reason);
    const retryAfter = this.outages?.retryAfterSeconds ?? 5;
    const [code, title, detail] =
      kind === 'slow'
        ? ['DATABASE_BUSY', 'The database is busy', 'The database did not finish this request in time. Retry after the number of seconds in Retry-After; for a change, first check whether it was saved (or resend it with the same Idempotency-Key).']
        : kind === 'queue'
          ? ['QUEUE_UNAVAILABLE', 'The queue is unavailable', 'The job queue cannot be reached right now. Nothing was changed; retry after the number of seconds in Retry-After.']
          : ['DATABASE_UNAVAILABLE', 'The database is unavailable', 'The database cannot be reached right now. Retry after the number of seconds in Retry-After; for a change, first check whether it was saved (or resend it with the same Idempotency-Key).'];
    return { type: problemType(code), title, status: 503, detail, code, retryAfter };
  }
}

function fromHttpException(exception: HttpException): ProblemDocument {
  const status = exception.getStatus();
  const code = HTTP_CODES[status] ?? `HTTP_${status}`;
  const body = exception.getResponse();
  const problem: ProblemDocument = { type: problemType(code), title: titleFor(status), status, detail: httpDetail(status, exception, body), code };
  if (status === 503) problem.checks = healthChecks(body);
  return problem;
}

/**
 * Framework messages may quote the request (a JSON parser error shows part of the body), so only our own
 * wording reaches the client.
 */
function httpDetail(status: number, exception: HttpException, body: unknown): string {
  const message = typeof body === 'object' && body && 'message' in body && typeof body.message === 'string' ? body.message : exception.message;
  if (status === 404) return /^Cannot [A-Z]+ /.test(message) ? 'There is no such route. See /docs for the API.' : message;
  if (status === 400) return exception.cause instanceof SyntaxError || /JSON/.test(message) ? 'The request body is not valid JSON.' : 'The request could not be read.';
  if (status === 413) return 'The request body is too large.';
  if (status === 429) return 'Too many requests. Wait the number of seconds in the Retry-After header, then retry.';
  if (status === 503) return 'The service cannot serve requests at the moment (a dependency such as the database does not answer). Retry later.';
  return message;
}

/** A failed readiness check (terminus): each check's name and up/down, without the messages of the dependencies. */
function healthChecks(body: unknown): Record<string, string> | undefined {
  if (typeof body !== 'object' || body === null || !('details' in body) || typeof body.details !== 'object' || body.details === null) return undefined;
  return Object.fromEntries(
    Object.entries(body.details as Record<string, { status?: unknown }>).map(([name, check]) => [name, typeof check?.status === 'string' ? check.status : 'unknown']),
  );
}

function bodyParserStatus(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const e = exception as { status?: number; statusCode?: number; type?: string };
  const status = e.status ?? e.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 && typeof e.type === 'string' ? status : undefined;
}

function fromBodyParser(status: number, exception: { type?: string }): ProblemDocument {
  const detail =
    exception.type === 'entity.too.large'
      ? 'The request body is too large.'
      : exception.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON.'
        : 'The request body could not be read.';
  const code = HTTP_CODES[status] ?? `HTTP_${status}`;
  return { type: problemType(code), title: titleFor(status), status, detail, code };
}

function titleFor(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad request',
    401: 'Authentication required',
    403: 'Not allowed',
    404: 'Not found',
    405: 'Method not allowed',
    409: 'Conflict',
    413: 'Request body too large',
    415: 'Unsupported media type',
    429: 'Too many requests',
    503: 'Service unavailable',
  };
  return titles[status] ?? 'Error';
}

/** Error class and stack frames only: messages of database errors may quote values, and values may be personal data. */
function describe(exception: unknown): Record<string, unknown> {
  if (exception instanceof Error) {
    // SQLSTATE of a database error (e.g. 53300 too many connections) says what went wrong without any data
    const code = (exception as { code?: string }).code ?? (exception as { driverError?: { code?: string } }).driverError?.code;
    return { name: exception.name, code, frames: exception.stack?.split('\n').slice(1, 8).join('\n') };
  }
  return { value: typeof exception };
}
