import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { classifyUnavailable, translateDatabaseError } from './database-errors.js';
import { DomainError } from './domain-error.js';
import { HTTP_CODES, HTTP_DETAILS, HttpErrors, INVALID_JSON, OTHER_HTTP_ERROR, SERVICE_DETAILS, ServiceErrors, UNREADABLE_BODY, type HttpErrorCode } from './http-errors.js';
import { localize, negotiateLanguage, type Language, type Text } from './language.js';
import { PROBLEM_CONTENT_TYPE, problemType, type ProblemDocument } from './problem.js';
import { sqlState } from './sql-state.js';

/** What the filter needs of DatabaseAvailability (kept an interface so the filter stays free of Nest wiring). */
export interface OutageTracker {
  readonly retryAfterSeconds: number;
  reportUnavailable(reason: string): void;
}

/**
 * The one place errors become responses: RFC 9457 problem+json. Unknown errors are logged (without request
 * bodies) and answered with a 500 that reveals nothing of the internals. Title, detail and validation messages are
 * in the language `Accept-Language` asks for (Dutch unless English is preferred), named in `Content-Language`.
 */
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
    if (response.headersSent) {
      // a streamed answer (the review queue's CSV) that fails after its first bytes cannot become a problem: the
      // connection is cut, so the client sees an incomplete download rather than a complete-looking one
      response.destroy();
      return;
    }
    const language = negotiateLanguage(request.headers?.['accept-language']);
    const problem = this.toProblem(exception, language);
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
    response.setHeader('Content-Language', language);
    response.vary('Accept-Language');
    // a route sets its resource's new ETag before the change commits; when the commit then fails (a 422 from the
    // database, a 412 from the version gate), that version was never kept, and a client taking it for its next
    // If-Match would be refused: a problem carries no ETag
    response.removeHeader('ETag');
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  toProblem(exception: unknown, language: Language = 'nl'): ProblemDocument {
    const domain = exception instanceof DomainError ? exception : translateDatabaseError(exception) ?? this.fromFramework(exception);
    const extensions = localize(domain.extensions, language) as Record<string, unknown>;
    return { type: problemType(domain.code), title: domain.title[language], status: domain.status, detail: domain.detail[language], code: domain.code, ...extensions };
  }

  private fromFramework(exception: unknown): DomainError {
    if (exception instanceof HttpException) {
      // Nest wraps the body parser's errors (http-errors) in an HttpException; its cause says what to do about it
      const parser = bodyParserStatus(exception.cause);
      return parser ? fromBodyParser(parser, exception.cause as { type?: string; limit?: unknown }) : fromHttpException(exception);
    }
    const unavailable = classifyUnavailable(exception);
    if (unavailable) return this.unavailable(unavailable.kind, unavailable.reason);
    const status = bodyParserStatus(exception);
    if (status) return fromBodyParser(status, exception as { type?: string; limit?: unknown });
    this.logger.error({ error: describe(exception) }, 'Unhandled error');
    return ServiceErrors.create('INTERNAL_ERROR', SERVICE_DETAILS.INTERNAL_ERROR);
  }

  /**
   * An outage is not a bug: 503 with Retry-After, and the state change is logged once (DatabaseAvailability),
   * not every request.
   */
  private unavailable(kind: 'unavailable' | 'slow' | 'queue', reason: string): DomainError {
    if (kind === 'unavailable') this.outages?.reportUnavailable(reason);
    const retryAfter = this.outages?.retryAfterSeconds ?? 5;
    const code = kind === 'slow' ? 'DATABASE_BUSY' : kind === 'queue' ? 'QUEUE_UNAVAILABLE' : 'DATABASE_UNAVAILABLE';
    return ServiceErrors.create(code, SERVICE_DETAILS[code], { retryAfter });
  }
}

function fromHttpException(exception: HttpException): DomainError {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const checks = status === 503 ? healthChecks(body) : undefined;
  if (!checks) return httpProblem(status, httpDetail(status, exception, body));
  // a failed readiness check: which part is down, and when to look again (the document states Retry-After on every 503)
  return httpProblem(status, checks.process === 'down' ? DRAINING : httpDetail(status, exception, body), { checks, retryAfter: READINESS_RETRY_AFTER_SECONDS });
}

function httpProblem(status: number, detail: Text, extensions: Record<string, unknown> = {}): DomainError {
  const code: HttpErrorCode | undefined = HTTP_CODES[status];
  if (code) return HttpErrors.create(code, detail, extensions);
  return new DomainError(`HTTP_${status}`, status, { nl: 'Fout', en: 'Error' }, detail, extensions);
}

/**
 * Framework messages may quote the request (a JSON parser error shows part of the body), so only our own
 * wording reaches the client.
 */
function httpDetail(status: number, exception: HttpException, body: unknown): Text {
  const message = typeof body === 'object' && body && 'message' in body && typeof body.message === 'string' ? body.message : exception.message;
  if (status === 400) return exception.cause instanceof SyntaxError || /JSON/.test(message) ? INVALID_JSON : HTTP_DETAILS.BAD_REQUEST!;
  const code = HTTP_CODES[status];
  return (code && HTTP_DETAILS[code]) ?? OTHER_HTTP_ERROR;
}

const READINESS_RETRY_AFTER_SECONDS = 5;
const DRAINING: Text = {
  nl: 'Dit proces sluit af en neemt geen nieuwe verzoeken meer aan: stuur ze naar een andere instantie.',
  en: 'This process is shutting down and takes no new requests: send them to another instance.',
};

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

function fromBodyParser(status: number, exception: { type?: string; limit?: unknown }): DomainError {
  return httpProblem(status, bodyParserDetail(exception));
}

/** What the caller can do about a body the parser refused: the limit it passed, the charset or encoding to use. */
function bodyParserDetail(exception: { type?: string; limit?: unknown }): Text {
  switch (exception.type) {
    case 'entity.too.large': {
      if (typeof exception.limit !== 'number') return HTTP_DETAILS.PAYLOAD_TOO_LARGE!;
      const kB = Math.floor(exception.limit / 1024);
      return { nl: `De inhoud van het verzoek is groter dan ${kB} kB, het maximum van deze route; stuur minder.`, en: `The request body is larger than ${kB} kB, this route's maximum; send less.` };
    }
    case 'entity.parse.failed':
      return INVALID_JSON;
    case 'charset.unsupported':
      return { nl: 'Stuur de inhoud van het verzoek in UTF-8 (Content-Type: application/json; charset=utf-8).', en: 'Send the request body in UTF-8 (Content-Type: application/json; charset=utf-8).' };
    case 'encoding.unsupported':
      return { nl: 'Stuur de inhoud van het verzoek ongecomprimeerd, of met Content-Encoding gzip, deflate of br.', en: 'Send the request body uncompressed, or with Content-Encoding gzip, deflate or br.' };
    default:
      return UNREADABLE_BODY;
  }
}

/** Error class and stack frames only: messages of database errors may quote values, and values may be personal data. */
function describe(exception: unknown): Record<string, unknown> {
  if (exception instanceof Error) {
    // SQLSTATE of a database error (e.g. 53300 too many connections) says what went wrong without any data
    return { name: exception.name, code: sqlState(exception), frames: exception.stack?.split('\n').slice(1, 8).join('\n') };
  }
  return { value: typeof exception };
}
