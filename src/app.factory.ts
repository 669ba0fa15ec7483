import 'reflect-metadata';
import { UnsupportedMediaTypeException, type INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { OAUTH_TOKEN_PATH } from './api-clients/oauth.controller.js';
import { mountQueueDashboard } from './operations/queue-dashboard.js';
import { ProblemFilter } from './common/problem.filter.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { resolveLogins } from './bootstrap.js';
import { DatabaseAvailability } from './database/database-availability.js';

/** Builds the HTTP application; used by main.ts, the CLI and the e2e tests alike. */
export async function createApp(given: AppConfig, logDestination?: DestinationStream): Promise<INestApplication> {
  // main.ts resolved the database logins already; tests and benchmarks get them here (see database-logins.ts)
  const config = await resolveLogins(given, (message) => process.stderr.write(`${message}\n`));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logDestination), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.useBodyParser('json', { limit: config.bodyLimit, type: ['application/json', 'application/*+json'] });
  // OAuth2 token requests are form-encoded (RFC 6749 §4.4.2); JSON is accepted there too
  app.use(TOKEN_ROUTE, express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 20 }));
  app.use(securityHeaders);
  app.use(requireJsonBody);
  app.setGlobalPrefix('api/v1', { exclude: ['health/live', 'health/ready', 'metrics', 'dev-issuer/.well-known/jwks.json'] });
  app.useGlobalFilters(new ProblemFilter(app.get(DatabaseAvailability)));
  app.useGlobalPipes(createValidationPipe());
  setUpOpenApi(app);
  mountQueueDashboard(app);
  return app;
}

const TOKEN_ROUTE = `/api/v1${OAUTH_TOKEN_PATH}`;

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
    next(new UnsupportedMediaTypeException('Send the request body as JSON with Content-Type: application/json.'));
    return;
  }
  next();
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Eenplan API')
      .setDescription(
        'Case coordination for the social domain — één gezin, één plan, één regisseur. Errors are application/problem+json ' +
          '(RFC 9457). Lists use cursor pagination (`limit`, `cursor` → `{ items, nextCursor }`). Versioned resources send ' +
          '`ETag`; their updates require `If-Match`.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
    { operationIdFactory: (_controller, method) => method },
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', customSiteTitle: 'Eenplan API' });
}
