import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import swaggerUi from 'swagger-ui-express';
import { API_CLIENT_SCOPE_DESCRIPTIONS } from './api-clients/api-client-scopes.js';
import { CLIENT_ROUTES } from './api-clients/client-routes.js';
import { OAUTH_TOKEN_PATH } from './common/http.js';
import { API_SERVER, buildApiDocument } from './common/openapi-document.js';

/** The tags in the order a user meets them: the household first, operations last. */
export const API_TAGS = [
  { name: 'households', description: 'A household (gezin) and its members: registration, address, status, closing and reopening a case.' },
  { name: 'coordination', description: 'The one coordinator (regisseur) of a household: assignment, hand-over, stepping down, vacancies.' },
  { name: 'care team', description: 'The professionals and organisations involved with a household, and on what basis.' },
  { name: 'consents', description: 'The household\'s consent to share, per organisation and purpose.' },
  { name: 'plan', description: 'The one plan: goals per life domain, actions with owners and due dates, and every revision.' },
  { name: 'contacts', description: 'Contact moments: home visits, calls and meetings with the household.' },
  { name: 'assessments', description: 'Self-sufficiency assessments per life domain, and how they changed.' },
  { name: 'escalations', description: 'Escalating a stuck case to a supervisor, and the outcome.' },
  { name: 'timeline', description: 'The household\'s history: every change as a typed entry, newest first.' },
  { name: 'signals', description: 'Signals from partners about a person or address, matched to households.' },
  { name: 'inbox', description: 'Your notifications and how you want to receive them.' },
  { name: 'supervision', description: 'For supervisors: stalled cases, caseloads and outcomes.' },
  { name: 'organisations', description: 'The organisations of the municipality\'s social domain.' },
  { name: 'professionals', description: 'The people who work on cases, their roles and whether they are active.' },
  { name: 'reference data', description: 'The life domains plans and assessments use.' },
  { name: 'api-clients', description: 'Partner systems: OAuth2 client credentials, their scopes, and the token endpoint.' },
  { name: 'webhooks', description: 'Subscriptions that push signed events to a partner system, and their deliveries.' },
  { name: 'emergency access', description: 'Break-the-glass (NEN 7513): a professional who is not involved takes short, read-only, audited access to a household with a reason; the coordinator and the privacy officer are told at once, and the privacy officer reviews it.' },
  { name: 'audit', description: 'Who saw or changed what: the audit trail, its verification, and access reports.' },
  { name: 'privacy requests', description: 'For the privacy officer: erasure (AVG art. 17) and restriction (art. 18) requests, with a preview, four-eyes approval, execution and its report.' },
  { name: 'retention', description: 'For the privacy officer: how long each kind of record is kept, and every run that purged what had expired.' },
  { name: 'legal holds', description: 'For the privacy officer: holds that keep a household\'s case from being purged.' },
  { name: 'operations', description: 'Health, metrics and the dead-letter queue, for operators.' },
];

/**
 * Swagger UI loads only its own scripts (no inline script), but its page and its components use inline styles;
 * the document comes from the same origin, and images are inline SVG (data:).
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The OpenAPI document at /docs-json and /api/v1/openapi.json, and Swagger UI (swagger-ui-express) at /docs from
 * the same document. Partner developers can fetch a client-credentials token in the Authorize dialog (the token
 * endpoint is this API's own); the authorisation survives a reload (`persistAuthorization`).
 */
export function setUpApiDocs(app: INestApplication): void {
  const document = buildApiDocument(app, {
    tokenPath: OAUTH_TOKEN_PATH,
    scopes: API_CLIENT_SCOPE_DESCRIPTIONS,
    clientRoutes: CLIENT_ROUTES,
    tags: API_TAGS,
  });
  const json = JSON.stringify(document);
  const serveDocument = (_req: Request, res: Response) => res.type('application/json').send(json);
  const http = app.getHttpAdapter();
  http.get('/docs-json', serveDocument);
  http.get(`${API_SERVER}/openapi.json`, serveDocument);
  app.use('/docs', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    next();
  });
  const page = swaggerUi.setup(undefined, {
    customSiteTitle: 'Eenplan API',
    swaggerOptions: {
      url: '/docs-json',
      persistAuthorization: true,
      displayOperationId: true,
    },
  });
  // the page only at /docs/ (its assets are relative); any other path is an asset or a problem+json 404
  app.use('/docs', (req: Request, res: Response, next: NextFunction) => {
    if (req.path !== '/') return next();
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, '/docs/');
    return page(req, res, next);
  }, swaggerUi.serve);
}
