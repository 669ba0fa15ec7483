import fc from 'fast-check';
import { match } from 'path-to-regexp';
import { allowed, allowedByIndex, indexRoutes, matchOnlyOwnKey, type KnownRoute } from '../../src/common/http-conventions.js';

/**
 * The route-conventions middleware answers Allow/405/404 from an index of the routes by segment count and leading
 * segments instead of trying every route: it must give exactly the answer trying every route gives.
 */

/** A route as Express 5 registers it: case-insensitive, parameters decoded. */
function route(path: string, methods: string[]): KnownRoute {
  const matcher = match(path, { decode: decodeURIComponent, sensitive: false, end: true });
  return {
    layer: {
      match: (p: string) => {
        const found = matcher(p);
        return found ? { params: found.params as Record<string, unknown> } : false;
      },
      route: { path, methods: Object.fromEntries(methods.map((m) => [m.toLowerCase(), true])) },
    },
    methods,
  };
}

const routes = (): KnownRoute[] => [
  route('/api/v1/households', ['GET', 'POST']),
  route('/api/v1/households/:id', ['GET', 'PATCH']),
  route('/api/v1/households/:householdId/plan', ['GET', 'POST', 'PATCH']),
  route('/api/v1/households/:householdId/plan/actions/:actionId', ['PATCH']),
  // the same key (seven segments under /api/v1/households), told apart by their later literal segments
  route('/api/v1/households/:householdId/plan/goals/:goalId', ['PATCH', 'DELETE']),
  route('/api/v1/households/:householdId/members/:memberId/bsn', ['PUT']),
  route('/api/v1/households/:householdId/:section/actions/:actionId', ['GET']),
  route('/api/v1/households/search', ['POST']),
  route('/api/v1/professionals/:professionalId', ['GET']),
  route('/api/v1/me', ['GET']),
  route('/health/live', ['GET']),
  route('/metrics', ['GET']),
  route('/dev-issuer/.well-known/jwks.json', ['GET']),
  // not indexable: a parameter among the leading segments, a wildcard
  route('/:tenant/v1/things', ['GET']),
  route('/api/v1/files/*rest', ['GET', 'DELETE']),
];
const ROUTES = routes();

const segment = fc.oneof(
  fc.constantFrom('api', 'API', 'v1', 'households', 'HouseHolds', 'plan', 'PLAN', 'actions', 'Actions', 'goals', 'members', 'bsn', 'search', 'professionals', 'me', 'health', 'live', 'metrics', 'things', 'files', 'dev-issuer', '.well-known', 'jwks.json'),
  fc.uuid(),
  fc.constantFrom('%41pi', 'a%2Fb', '%00', '', 'x y', 'plan/'),
);
const path = fc.array(segment, { minLength: 0, maxLength: 7 }).map((segments) => `/${segments.join('/')}`);

describe('the route index of the route-conventions middleware', () => {
  const index = indexRoutes(ROUTES);

  it('answers every path exactly as trying every route does', () => {
    fc.assert(
      fc.property(path, (p) => {
        expect(allowedByIndex(index, p)).toEqual(allowed(ROUTES, p));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a route through its index, whatever the case of the path, and the routes it cannot index', () => {
    expect(allowedByIndex(index, '/API/v1/Households/42/plan')?.methods).toEqual(['GET', 'HEAD', 'PATCH', 'POST']);
    expect(allowedByIndex(index, '/api/v1/households/search')?.methods).toEqual(['GET', 'HEAD', 'PATCH', 'POST']);
    expect(allowedByIndex(index, '/acme/v1/things')?.methods).toEqual(['GET', 'HEAD']);
    expect(allowedByIndex(index, '/api/v1/files/a/b/c')?.methods).toEqual(['DELETE', 'GET', 'HEAD']);
    expect(allowedByIndex(index, '/api/v1/nothing')).toBeUndefined();
    // within one key, by the later literal segments, whatever their case
    expect(allowedByIndex(index, '/api/v1/households/42/PLAN/Actions/7')?.methods).toEqual(['GET', 'HEAD', 'PATCH']);
    expect(allowedByIndex(index, '/api/v1/households/42/plan/goals/7')?.methods).toEqual(['DELETE', 'PATCH']);
    expect(allowedByIndex(index, '/api/v1/households/42/Members/7/BSN')?.methods).toEqual(['PUT']);
  });

  /** What a match answers, or that it threw (a parameter that is not valid percent-encoded UTF-8). */
  const outcome = (match: () => unknown) => {
    try {
      return { answer: match() };
    } catch (error) {
      return { threw: error instanceof Error ? error.name : String(error) };
    }
  };

  it("narrows Express's own route matching to the routes of the path's key, with the same answer for every path", () => {
    const plain = routes();
    const narrowed = routes();
    matchOnlyOwnKey(indexRoutes(narrowed));
    fc.assert(
      fc.property(path, (p) => {
        narrowed.forEach((r, i) => expect(outcome(() => r.layer.match(p))).toEqual(outcome(() => plain[i]!.layer.match(p))));
      }),
      { numRuns: 2000 },
    );
    // the edges a random path rarely hits: one trailing slash, another case, a percent-encoded parameter
    for (const p of ['/api/v1/households/', '/API/V1/HOUSEHOLDS/42/', '/api/v1/households/%E0%A4%A/plan', '/api/v1/households/search/', '/metrics/', '/']) {
      narrowed.forEach((r, i) => expect(outcome(() => r.layer.match(p))).toEqual(outcome(() => plain[i]!.layer.match(p))));
    }
    expect(narrowed[0]!.layer.match('/api/v1/households/')).toBeTruthy();
    // it does narrow: a route of another key is not asked at all
    const asked: string[] = [];
    const spied = routes().map((r) => ({ ...r, layer: { ...r.layer, match: (p: string) => (asked.push(r.layer.route!.path), r.layer.match(p)) } }));
    matchOnlyOwnKey(indexRoutes(spied));
    for (const r of spied) r.layer.match('/api/v1/households/42/plan/actions/7');
    // nor one of the same key whose later literal segments differ (goals, members/…/bsn); one with a parameter there is
    expect(asked).toEqual([
      '/api/v1/households/:householdId/plan/actions/:actionId',
      '/api/v1/households/:householdId/:section/actions/:actionId',
      '/:tenant/v1/things',
      '/api/v1/files/*rest',
    ]);
    asked.length = 0;
    for (const r of spied) r.layer.match('/API/v1/households/42/Plan/GOALS/7');
    expect(asked).toEqual(['/api/v1/households/:householdId/plan/goals/:goalId', '/:tenant/v1/things', '/api/v1/files/*rest']);
    // a path whose leading segments are not plain (percent-encoded) asks every route, as before
    asked.length = 0;
    for (const r of spied) r.layer.match('/%41pi/v1/households');
    expect(asked).toHaveLength(spied.length);
  });
});
