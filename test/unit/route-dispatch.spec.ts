import { ExpressAdapter } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { dispatchByKey, stackLayers, type ExpressRouter } from '../../src/common/route-dispatch.js';
import { indexRoutes, matchOnlyOwnKey, type KnownRoute } from '../../src/common/route-index.js';

/**
 * `dispatchByKey` replaces runs of route layers in Express's stack by routers per key: every request must be answered
 * by the same handler, with the same parameters, as by Express trying every layer in order.
 */

interface ExpressApp {
  router: ExpressRouter;
  get(path: string, handler: Handler): void;
  post(path: string, handler: Handler): void;
  patch(path: string, handler: Handler): void;
  use(handler: Handler): void;
}
type Handler = (req: Request, res: Response, next: NextFunction) => void;

const answer = (name: string): Handler => (req, res) => void res.status(200).json({ name, params: req.params, route: (req.route as { path: string }).path });
/** Passes the request on to the next matching route when its id is `pass` (`next('route')`), else answers. */
const passing = (name: string): Handler => (req, res, next) => (req.params.id === 'pass' ? next('route') : answer(name)(req, res, next));

/** Two runs of routes (twelve, then a middleware, then seven), keys interleaved, with routes tried for every path among them. */
function buildApp(): ExpressApp {
  const app = new ExpressAdapter().getInstance() as ExpressApp;
  app.use((_req, res, next) => {
    res.setHeader('x-seen-before', 'yes');
    next();
  });
  app.get('/api/v1/households', answer('list'));
  app.post('/api/v1/households', answer('create'));
  app.get('/api/v1/households/:id', passing('household'));
  app.get('/api/v1/professionals/:id', answer('professional'));
  app.get('/:tenant/v1/households/:id', answer('tenant household'));
  app.patch('/api/v1/households/:id/plan/actions/:actionId', answer('change action'));
  app.get('/api/v1/households/search', answer('search'));
  app.get('/api/v1/files/*rest', answer('file'));
  app.get('/api/v1/households/:id/plan', passing('plan'));
  app.get('/api/v1/HOUSEHOLDS/:householdId/plan', answer('plan, second'));
  app.get('/api/v1/professionals', answer('professionals'));
  app.get('/metrics', answer('metrics'));
  app.use((_req, res, next) => {
    res.setHeader('x-between-runs', 'yes');
    next();
  });
  app.get('/api/v1/me', answer('me'));
  app.get('/api/v1/me/notifications', answer('notifications'));
  app.post('/api/v1/households/:id/plan/goals/:goalId', answer('goal'));
  app.get('/api/v1/households/:householdId/:section/actions/:actionId', answer('section action'));
  app.get('/health/live', answer('live'));
  app.get('/api/v1/households/:id/members', answer('members'));
  app.get('/:anything/:id', answer('two segments'));
  app.use((_req, res) => void res.status(404).json({ name: 'not found' }));
  return app;
}

function dispatched(): { app: ExpressApp; layersBefore: number } {
  const app = buildApp();
  const stack = app.router.stack;
  const layersBefore = stack.length;
  const routes: KnownRoute[] = stack.filter((layer) => layer.route).map((layer) => ({ layer, methods: Object.keys(layer.route!.methods).map((m) => m.toUpperCase()) }));
  const index = indexRoutes(routes);
  matchOnlyOwnKey(index);
  dispatchByKey(app.router, index);
  return { app, layersBefore };
}

const segment = fc.oneof(
  fc.constantFrom('api', 'API', 'v1', 'households', 'HouseHolds', 'plan', 'actions', 'goals', 'members', 'search', 'professionals', 'me', 'notifications', 'health', 'live', 'metrics', 'files', 'pass', 'x'),
  fc.uuid(),
  fc.constantFrom('%41pi', 'a%20b', 'plan%2Factions'),
);
const path = fc.tuple(fc.array(segment, { minLength: 0, maxLength: 7 }), fc.boolean()).map(([segments, slash]) => `/${segments.join('/')}${slash && segments.length > 0 ? '/' : ''}`);
const method = fc.constantFrom('get', 'post', 'patch', 'head') as fc.Arbitrary<'get' | 'post' | 'patch' | 'head'>;

const seen = async (app: ExpressApp, verb: 'get' | 'post' | 'patch' | 'head', p: string) => {
  const res = await request(app as never)[verb](p);
  return { status: res.status, body: res.body as unknown, before: res.headers['x-seen-before'], between: res.headers['x-between-runs'] };
};

describe('routing by key (dispatchByKey)', () => {
  const reference = buildApp();
  const { app, layersBefore } = dispatched();

  it('replaces the long run of routes by one layer and leaves the short one', () => {
    // Express's own first layer, a middleware, 12 routes → one layer, a middleware, 7 routes left, the last resort
    expect(app.router.stack).toHaveLength(layersBefore - 11);
    expect(app.router.stack.filter((layer) => layer.route)).toHaveLength(7);
    // taken apart again, the stack as registered
    const paths = (router: ExpressRouter) => stackLayers(router).map((layer) => layer.route?.path);
    expect(paths(app.router)).toEqual(paths(reference.router));
  });

  it.each([
    ['get', '/api/v1/households/pass/plan', 'plan, second'],
    ['get', '/api/v1/households/pass', 'tenant household'],
    ['get', '/api/v1/households/search', 'household'],
    ['patch', '/api/v1/Households/1/plan/actions/2', 'change action'],
    ['get', '/api/v1/households/1/plan/actions/2', 'section action'],
    ['get', '/api/v1/files/a/b', 'file'],
    ['get', '/health/live', 'live'],
    ['get', '/api/v1/me/', 'me'],
  ] as const)('%s %s: %s, as Express answers it', async (verb, p, name) => {
    const expected = await seen(reference, verb, p);
    expect(expected.body).toMatchObject({ name });
    expect(await seen(app, verb, p)).toEqual(expected);
  });

  it('answers every request as Express trying every layer does', async () => {
    await fc.assert(
      fc.asyncProperty(method, path, async (verb, p) => {
        expect(await seen(app, verb, p)).toEqual(await seen(reference, verb, p));
      }),
      { numRuns: 300 },
    );
  });
});
