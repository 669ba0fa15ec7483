import type { NextFunction, Request, Response } from 'express';
import { pathShape, type RouteIndex, type RouteLayer } from './route-index.js';

/** What of Express 5's router (the `router` package) this file relies on: its stack, its options, its dispatch. */
export interface ExpressRouter {
  stack: RouteLayer[];
  caseSensitive?: boolean;
  strict?: boolean;
  /** `router.param` callbacks, shared with the run's routers. */
  params: Record<string, unknown>;
  handle(req: Request, res: Response, done: NextFunction): void;
}
type LayerClass = new (path: string, options: { end: boolean; sensitive?: boolean; strict?: boolean }, handle: (req: Request, res: Response, next: NextFunction) => void) => RouteLayer;

/** The route layers each dispatch layer stands for, in their order: see `stackLayers`. */
const runs = new WeakMap<RouteLayer, RouteLayer[]>();

/** The router's layers with each dispatch layer replaced by the routes it stands for: the stack as registered. */
export function stackLayers(router: Pick<ExpressRouter, 'stack'>): RouteLayer[] {
  return router.stack.flatMap((layer) => runs.get(layer) ?? [layer]);
}

/** Shorter runs of routes are left as they are: a dispatch layer costs about as much as trying a few routes. */
const SHORTEST_RUN = 8;

/**
 * Express's router tries its layers one after another, so a request for a route far down the stack first asks every
 * route registered before it (the plan's actions sit some eighty layers down; with `matchOnlyOwnKey` each of those
 * answers "no" cheaply, but the router's loop around them was still ~2 % of a plan change's node time, docs/
 * benchmarks.md). Here each run of consecutive route layers in the stack becomes one layer that hands the request to
 * a router of its own holding only the routes of the path's key (see route-index.ts), plus the routes tried for every
 * path, in their order in the run. A path no route of the run can match (another key) goes straight on to the layer
 * after the run.
 *
 * The same layers answer in the same order as before for every path: a route can only match a path of its own key,
 * and within a key the order is kept (test/unit/route-dispatch.spec.ts compares both with a real Express app). The
 * run's routers are Express's own (`handle`: parameters, `req.route`, HEAD falling back to GET, `next('route')`),
 * with the stack's options; what they do not answer continues in the outer stack, an error included, as before.
 */
export function dispatchByKey(router: ExpressRouter, index: RouteIndex): void {
  const keyOf = new Map<RouteLayer, string | undefined>();
  for (const [key, routes] of index.byKey) for (const { layer } of routes) keyOf.set(layer, key);
  for (const { layer } of index.always) keyOf.set(layer, undefined);

  const stack = router.stack;
  for (let start = 0; start < stack.length; start++) {
    let end = start;
    while (end < stack.length && keyOf.has(stack[end]!)) end++;
    if (end - start < SHORTEST_RUN) {
      start = end;
      continue;
    }
    const run = stack.slice(start, end);
    // a router as Express's `Router` builds one (its prototype: `handle` and the rest), without the callable wrapper
    // only a mounted router needs; the constructor itself is not reachable from an instance
    const routerOf = (layers: RouteLayer[]): ExpressRouter =>
      Object.assign(Object.create(Object.getPrototypeOf(router) as object) as ExpressRouter, {
        caseSensitive: router.caseSensitive,
        strict: router.strict,
        mergeParams: false,
        params: router.params,
        stack: layers,
      });
    const byKey = new Map<string, ExpressRouter>();
    for (const key of new Set(run.map((layer) => keyOf.get(layer)))) {
      if (key !== undefined) byKey.set(key, routerOf(run.filter((layer) => keyOf.get(layer) === key || keyOf.get(layer) === undefined)));
    }
    const alwaysTried = run.filter((layer) => keyOf.get(layer) === undefined);
    const otherwise = alwaysTried.length > 0 ? routerOf(alwaysTried) : undefined;
    const Layer = run[0]!.constructor as LayerClass;
    const dispatch = new Layer('/', { end: false, sensitive: router.caseSensitive, strict: router.strict }, function dispatchByKey(req, res, next) {
      const key = pathShape(req.path).key;
      const target = (key === undefined ? undefined : byKey.get(key)) ?? otherwise;
      if (target) target.handle(req, res, next);
      else next();
    });
    runs.set(dispatch, run);
    stack.splice(start, run.length, dispatch);
  }
}
