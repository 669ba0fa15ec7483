import { METHODS } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { API_VERSION, API_VERSION_HEADER } from './api-version.js';
import { CommonErrors } from './domain-error.js';
import type { Text } from './language.js';
import { ProblemFilter } from './problem.filter.js';
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

export interface RouteLayer {
  match(path: string): { params: Record<string, unknown> } | false;
  route?: { path: string; methods: Record<string, boolean> };
}

export interface KnownRoute {
  layer: RouteLayer;
  methods: string[];
}

/** Sets `API-Version` first thing, so it is on every answer: errors from the body parser included. */
export function apiVersionHeader(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader(API_VERSION_HEADER, API_VERSION);
  next();
}

/**
 * The routes by the number of path segments and their first `KEY_SEGMENTS` segments (lower case: Express matches
 * paths case-insensitively), so a request is matched against the few routes that can match it instead of every
 * route of the API; within a key, a route whose later literal segments differ from the path's is left out too
 * (`/households/{id}/plan/actions/{id}` and `/households/{id}/members/{id}/bsn` share a key). A route whose leading
 * segments hold a parameter, or whose path is not plain segments (a wildcard or optional part changes the count), is
 * in `always` and tried for every request.
 */
export interface RouteIndex {
  byKey: Map<string, IndexedRoute[]>;
  always: KnownRoute[];
}

/** A keyed route with its literal segments after the key's: position and lower-case text. */
interface IndexedRoute extends KnownRoute {
  literals: Array<[number, string]>;
}

/** `/api/v1/<resource>`: the third segment tells most routes apart. */
const KEY_SEGMENTS = 3;
const LITERAL_SEGMENT = /^[\w.-]+$/;
const PARAM_SEGMENT = /^:[A-Za-z_]\w*$/;

/** The key of a path's segments, or undefined when a leading one is not a plain literal. */
function indexKey(segments: string[]): string | undefined {
  const lead = segments.slice(0, KEY_SEGMENTS);
  if (!lead.every((segment) => LITERAL_SEGMENT.test(segment))) return undefined;
  return `${segments.length}:${lead.join('/').toLowerCase()}`;
}

export function indexRoutes(routes: KnownRoute[]): RouteIndex {
  const index: RouteIndex = { byKey: new Map(), always: [] };
  for (const route of routes) {
    const path = route.layer.route?.path;
    const segments = typeof path === 'string' && path.startsWith('/') ? path.slice(1).split('/') : undefined;
    const plain = segments?.every((segment) => LITERAL_SEGMENT.test(segment) || PARAM_SEGMENT.test(segment)) === true;
    const key = plain ? indexKey(segments!) : undefined;
    if (key === undefined) {
      index.always.push(route);
      continue;
    }
    const literals = segments!.flatMap((segment, at): Array<[number, string]> => (at >= KEY_SEGMENTS && LITERAL_SEGMENT.test(segment) ? [[at, segment.toLowerCase()]] : []));
    index.byKey.set(key, [...(index.byKey.get(key) ?? []), { ...route, literals }]);
  }
  return index;
}

/** A request path's key (undefined when a leading segment is not a plain literal) and its lower-case segments. */
function pathShape(path: string): { key: string | undefined; segments: string[] } {
  // Express's routes also match with one trailing slash (the middleware refuses those before it asks)
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const segments = trimmed.slice(1).split('/');
  return { key: indexKey(segments), segments: segments.map((segment) => segment.toLowerCase()) };
}

/** The keyed routes that can match a path of this shape: its key's, with the same later literal segments. */
function keyedCandidates(index: RouteIndex, shape: { key: string | undefined; segments: string[] }): IndexedRoute[] {
  const keyed = shape.key === undefined ? undefined : index.byKey.get(shape.key);
  return keyed?.filter((route) => route.literals.every(([at, literal]) => shape.segments[at] === literal)) ?? [];
}

/** The routes that can match `path`: its keyed routes, then those tried for every path. */
function candidates(index: RouteIndex, path: string): KnownRoute[] {
  const keyed = keyedCandidates(index, pathShape(path));
  return index.always.length === 0 ? keyed : [...keyed, ...index.always];
}

/**
 * Express's router tries every layer in registration order, each route with its regular expression, until one
 * matches: the plan's routes sit some ninety layers down, so a plan change ran ninety expressions before its own
 * (the router and its expressions took 0.07 ms of a change's node time, 0.03 ms with keys; docs/benchmarks.md).
 * Each keyed route's `match` first asks whether it is among the path's candidates — another key, or another
 * literal segment, cannot match — and runs its expression only when it is or the path has no key. The same answers
 * as before for every path (test/unit/route-index.spec.ts); the candidates are worked out once for the run of
 * layers that ask about the same path.
 */
export function matchOnlyOwnKey(index: RouteIndex): void {
  let lastPath: string | undefined;
  let lastCandidates: Set<RouteLayer> | undefined;
  const candidatesOf = (path: string) => {
    if (path !== lastPath) {
      const shape = pathShape(path);
      lastCandidates = shape.key === undefined ? undefined : new Set(keyedCandidates(index, shape).map((route) => route.layer));
      lastPath = path;
    }
    return lastCandidates;
  };
  for (const routes of index.byKey.values()) {
    for (const { layer } of routes) {
      const match = layer.match.bind(layer);
      layer.match = (path: string) => {
        const own = candidatesOf(path);
        return own !== undefined && !own.has(layer) ? false : match(path);
      };
    }
  }
}

/** `allowed` over the routes that can match `path` (the same answer, see test/unit/route-index.spec.ts). */
export function allowedByIndex(index: RouteIndex, path: string): ReturnType<typeof allowed> {
  return allowed(candidates(index, path), path);
}

/** Allowed methods for a path: those of every registered route that matches it, GET implying HEAD. */
export function allowed(routes: KnownRoute[], path: string): { methods: string[]; params: Record<string, unknown> } | undefined {
  const methods = new Set<string>();
  let params: Record<string, unknown> = {};
  for (const route of routes) {
    const match = route.layer.match(path);
    if (!match) continue;
    for (const method of route.methods) methods.add(method);
    params = { ...match.params, ...params };
  }
  if (methods.size === 0) return undefined;
  if (methods.has('GET')) methods.add('HEAD');
  return { methods: [...methods].sort(), params };
}

/**
 * The routes Nest registered: Express route layers with their methods. Layers registered for every method
 * (`router.all`, which Express 5 expands to each method) are Nest's 404 handlers, not routes.
 */
function registeredRoutes(app: INestApplication): KnownRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: RouteLayer[] } };
  const routes: KnownRoute[] = [];
  for (const layer of express.router.stack) {
    const methods = layer.route ? Object.keys(layer.route.methods).map((m) => m.toUpperCase()) : [];
    if (methods.length === 0 || METHODS.every((m) => methods.includes(m))) continue;
    routes.push({ layer, methods });
  }
  return routes;
}

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
      installLastResort(app);
    }
    const path = req.path;
    // the pages of the two UIs are theirs (Swagger UI's index is `/docs/`); the document (`/docs-json`) is an API resource
    const documentWithSlash = path.startsWith('/docs-') && path.endsWith('/');
    if (!documentWithSlash && FOREIGN_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}-`))) {
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
