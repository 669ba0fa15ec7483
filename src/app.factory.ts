import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { mountQueueDashboard } from './operations/queue-dashboard.js';
import { FailedRequestLimiter } from './rate-limit/failed-request-limiter.js';
import { OAUTH_TOKEN_PATH } from './common/http.js';
import { CommonErrors } from './common/domain-error.js';
import { ProblemFilter } from './common/problem.filter.js';
import { createValidationPipe } from './common/validation.js';
import { setUpApiDocs } from './api-docs.js';
import { apiVersionHeader, routeConventions } from './common/http-conventions.js';
import { noteBodyNotUtf8, refuseUnreadableText } from './common/text-safety.js';
import { answerClientErrors } from './common/client-error-answers.js';
import type { AppConfig } from './config/app-config.js';
import { resolveLogins } from './bootstrap.js';
import { createRootLogger, requestLogging } from './logging.js';
import { DatabaseAvailability } from './database/database-availability.js';

/** Builds the HTTP application; used by main.ts, the CLI and the e2e tests alike. */
export async function createApp(given: AppConfig, logDestination?: DestinationStream): Promise<INestApplication> {
  // main.ts resolved the database logins already; tests and benchmarks get them here (see database-logins.ts)
  const config = await resolveLogins(given, (message) => process.stderr.write(`${message}\n`));
  const rootLogger = createRootLogger(config, logDestination);
  // abortOnError off: a start that fails (a database that does not answer in time) is thrown to the caller — main.ts
  // says it in one line and exits 1, a test file fails alone — instead of Nest ending the whole process (in CI that
  // ended the whole suite's run, and every other file's result with it)
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, rootLogger), { bufferLogs: true, bodyParser: false, abortOnError: false });
  app.useLogger(app.get(Logger));
  answerClientErrors(app.getHttpServer());
  app.disable('x-powered-by');
  // ETag is a versioned resource's version ("<n>", set by its route) and nothing else: Express would otherwise put a
  // weak hash of the body on every other answer — problems included, so a client that takes the ETag of a 412 for its
  // next If-Match would be refused again — an undocumented header, and a SHA-1 of every body
  app.set('etag', false);
  // Only the configured proxies' X-Forwarded-For is believed (TRUST_PROXY, default none): otherwise any client
  // could name its own address and escape the per-address limits.
  app.set('trust proxy', config.trustProxy);
  // paths are what the document says, letter for letter: Express would serve /API/V1/Households too (an outside
  // probe), a second name for every resource that no client, cache or audit line expects
  app.set('case sensitive routing', true);
  // … which Express reads when it makes its router, and Nest has made it already: set on it before any route is added
  ((app.getHttpAdapter().getInstance() as Express).router as unknown as { caseSensitive: boolean }).caseSensitive = true;
  // before anything can answer: every response carries its request id and every request gets its log line
  app.use(requestLogging(rootLogger));
  // first of all, before body parsing and authentication: an address that keeps failing is stopped here
  app.use(apiVersionHeader);
  app.use(app.get(FailedRequestLimiter).handle);
  // OAuth2 token requests are form-encoded (RFC 6749 §4.4.2); JSON is accepted there too — either at most 4 kB
  // (docs/SECURITY.md): a token request is a few hundred bytes, and it is answered before any authentication. Parsed
  // first, so the general JSON parser below leaves the token route's body alone.
  app.use(TOKEN_ROUTE, express.json({ limit: TOKEN_BODY_LIMIT, type: JSON_TYPES }), express.urlencoded({ extended: false, limit: TOKEN_BODY_LIMIT, parameterLimit: 20 }));
  // Express's own parser rather than Nest's `useBodyParser`, which keeps `verify` for itself: a body that is not
  // UTF-8 is noted there and refused below (refuseUnreadableText), never stored with U+FFFD in its place
  app.use(express.json({ limit: config.bodyLimit, type: JSON_TYPES, verify: noteBodyNotUtf8 }));
  app.use(securityHeaders);
  app.use(routeConventions(app));
  app.use(requireJsonBody);
  app.use(refuseUnreadableText);
  app.use(requireObjectBody);
  app.setGlobalPrefix('api/v1', { exclude: ['health/live', 'health/ready', 'metrics', 'dev-issuer/.well-known/jwks.json'] });
  app.useGlobalFilters(new ProblemFilter(app.get(DatabaseAvailability)));
  app.useGlobalPipes(createValidationPipe());
  if (config.apiDocs) setUpApiDocs(app);
  mountQueueDashboard(app);
  return app;
}

const TOKEN_ROUTE = `/api/v1${OAUTH_TOKEN_PATH}`;
const TOKEN_BODY_LIMIT = '4kb';
const JSON_TYPES = ['application/json', 'application/*+json'];

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
}

/** A body that is not JSON would be silently ignored by the JSON parser: say so instead (415). */
function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const type = req.headers['content-type'] ?? '';
  const form = req.path === TOKEN_ROUTE && /^application\/x-www-form-urlencoded\b/i.test(type);
  if (hasBody && !form && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    next(
      CommonErrors.create('UNSUPPORTED_MEDIA_TYPE', {
        nl: 'Stuur de inhoud van het verzoek als JSON met Content-Type: application/json.',
        en: 'Send the request body as JSON with Content-Type: application/json.',
      }),
    );
    return;
  }
  next();
}

/** Every body of this API is one JSON object; a list would be validated as one and answered with its missing fields. */
function requireObjectBody(req: Request, _res: Response, next: NextFunction): void {
  if (Array.isArray(req.body)) {
    next(CommonErrors.create('VALIDATION_FAILED', { nl: 'Stuur de inhoud van het verzoek als één JSON-object ({ … }), niet als lijst.', en: 'Send the request body as one JSON object ({ … }), not as a list.' }));
    return;
  }
  next();
}
