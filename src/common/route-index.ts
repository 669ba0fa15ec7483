/**
 * The index of the routes Nest registered on Express, by the number of path segments and their leading segments:
 * which routes can match a path, answered without trying every route (see `routeConventions` in
 * http-conventions.ts and `dispatchByKey` in route-dispatch.ts). Every answer is the one trying every route gives
 * (test/unit/route-index.spec.ts).
 */

export interface RouteLayer {
  match(path: string): { params: Record<string, unknown> } | false;
  route?: { path: string; methods: Record<string, boolean> };
}

export interface KnownRoute {
  layer: RouteLayer;
  methods: string[];
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
export interface PathShape {
  key: string | undefined;
  segments: string[];
}

// one request asks several times about the same path (the conventions middleware, each keyed layer, the dispatcher)
let lastPath: string | undefined;
let lastShape: PathShape = { key: undefined, segments: [] };

export function pathShape(path: string): PathShape {
  if (path === lastPath) return lastShape;
  // Express's routes also match with one trailing slash (the middleware refuses those before it asks)
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const segments = trimmed.slice(1).split('/');
  lastShape = { key: indexKey(segments), segments: segments.map((segment) => segment.toLowerCase()) };
  lastPath = path;
  return lastShape;
}

/** The keyed routes that can match a path of this shape: its key's, with the same later literal segments. */
function keyedCandidates(index: RouteIndex, shape: PathShape): IndexedRoute[] {
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

