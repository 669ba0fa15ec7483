import { METHODS } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { API_VERSION, API_VERSION_HEADER } from './api-version.js';
import { CommonErrors } from './domain-error.js';
import type { Text } from './language.js';
import { ProblemFilter } from './problem.filter.js';
import { dispatchByKey, stackLayers, type ExpressRouter } from './route-dispatch.js';
import { allowedByIndex, indexRoutes, matchOnlyOwnKey, type allowed, type KnownRoute, type RouteIndex } from './route-index.js';
import { findUnreadableText } from './text-safety.js';

/**
 * HTTP behaviour of the Logius API Design Rules that no single controller can own: the `API-Version` header on
 * every response, a trailing slash is another (non-existent) resource, a known path with the wrong method is a
 * 405 with `Allow`, and an unknown path is a problem+json 404 wherever it is — never Express's HTML page. The
 * route table is the one Nest registered on Express at boot, read once on the first request (routes exist only
 * after init), so new controllers are covered without a hand-kept list.
 */

/** Served by Swagger UI and Bull Board, which route their own assets (Swagger UI needs `/docs/`). */
const FOREIGN_PREFIXES = ['/docs', '/admin/queues'];

/** Sets `API-Version` first thing, so it is on every answer: errors from the body parser included. */
export function apiVersionHeader(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader(API_VERSION_HEADER, API_VERSION);
  next();
}

/**
 * The routes Nest registered: Express route layers with their methods. Layers registered for every method
 * (`router.all`, which Express 5 expands to each method) are Nest's 404 handlers, not routes.
 */
function registeredRoutes(app: INestApplication): KnownRoute[] {
  const routes: KnownRoute[] = [];
  for (const layer of stackLayers(expressRouter(app))) {
    const methods = layer.route ? Object.keys(layer.route.methods).map((m) => m.toUpperCase()) : [];
    if (methods.length === 0 || METHODS.every((m) => methods.includes(m))) continue;
    routes.push({ layer, methods });
  }
  return routes;
}

const expressRouter = (app: INestApplication) => (app.getHttpAdapter().getInstance() as { router: ExpressRouter }).router;

export const noSuchRoute = (detail: Text = { nl: 'Deze route bestaat niet. Zie /docs voor de API.', en: 'There is no such route. See /docs for the API.' }) =>
  CommonErrors.create('NOT_FOUND', detail);

/**
 * Trailing slash → 404, unknown path → 404, known path with another method → 405 + `Allow`, OPTIONS → 204 +
 * `Allow`. Path parameters are checked for text PostgreSQL cannot store (NUL, unpaired surrogates) here, where
 * their names are known. Errors go through `next` to the one problem+json filter (Nest mounts it at the root).
 */
export function routeConventions(app: INestApplication) {
  let routes: RouteIndex | undefined;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!routes) {
      routes = indexRoutes(registeredRoutes(app));
      matchOnlyOwnKey(routes);
      dispatchByKey(expressRouter(app), routes);
      installLastResort(app);
    }
    const path = req.path;
    if (FOREIGN_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}-`))) {
      next();
      return;
    }
    if (path.length > 1 && path.endsWith('/')) {
      next(
        noSuchRoute({
          nl: 'Deze route bestaat niet: paden eindigen niet op een schuine streep. Verwijder de "/" aan het eind. Zie /docs voor de API.',
          en: 'There is no such route: paths do not end in a slash. Remove the trailing "/". See /docs for the API.',
        }),
      );
      return;
    }
    let found: ReturnType<typeof allowed>;
    try {
      found = allowedByIndex(routes, path);
    } catch {
      // a path parameter that is not valid percent-encoded UTF-8: the router would refuse it too
      next(CommonErrors.create('VALIDATION_FAILED', { nl: 'Het pad is geen geldige procent-gecodeerde UTF-8.', en: 'The path is not valid percent-encoded UTF-8.' }));
      return;
    }
    if (!found) {
      next(noSuchRoute());
      return;
    }
    const method = req.method.toUpperCase();
    if (method === 'OPTIONS' && !found.methods.includes('OPTIONS')) {
      res.setHeader('Allow', found.methods.join(', '));
      res.status(204).end();
      return;
    }
    if (!found.methods.includes(method)) {
      res.setHeader('Allow', found.methods.join(', '));
      next(
        CommonErrors.create(
          'METHOD_NOT_ALLOWED',
          {
            nl: `Dit pad ondersteunt ${method} niet. Het ondersteunt: ${found.methods.join(', ')}.`,
            en: `This path does not support ${method}. It supports: ${found.methods.join(', ')}.`,
          },
          { allowed: found.methods },
        ),
      );
      return;
    }
    const unreadable = findUnreadableText(found.params, '');
    if (unreadable) {
      next(unreadable.toError('path parameter'));
      return;
    }
    next();
  };
}

/**
 * What nothing else answered (a missing Swagger UI asset, an unknown path under /admin/queues) is a problem+json
 * 404 too. Appended to the end of Express's stack on the first request, when every route is registered. It answers
 * itself: Nest's exception layer sits earlier in the stack, so an error passed on from here would reach Express's
 * HTML error page.
 */
function installLastResort(app: INestApplication): void {
  const filter = new ProblemFilter();
  const express = app.getHttpAdapter().getInstance() as { use(handler: (req: Request, res: Response) => void): void };
  express.use((req, res) => filter.respond(noSuchRoute(), req, res));
}
