import fc from 'fast-check';
import { match } from 'path-to-regexp';
import { allowed, allowedByIndex, indexRoutes, type KnownRoute } from '../../src/common/http-conventions.js';

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

const ROUTES = [
  route('/api/v1/households', ['GET', 'POST']),
  route('/api/v1/households/:id', ['GET', 'PATCH']),
  route('/api/v1/households/:householdId/plan', ['GET', 'POST', 'PATCH']),
  route('/api/v1/households/:householdId/plan/actions/:actionId', ['PATCH']),
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

const segment = fc.oneof(
  fc.constantFrom('api', 'API', 'v1', 'households', 'HouseHolds', 'plan', 'actions', 'search', 'professionals', 'me', 'health', 'live', 'metrics', 'things', 'files', 'dev-issuer', '.well-known', 'jwks.json'),
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
  });
});
