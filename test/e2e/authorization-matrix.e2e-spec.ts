import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { bearer, startTestApp, type TestApp } from './harness/index.js';
import { ACTORS, HOUSEHOLD_KINDS } from './authorization/actors.js';
import { CATALOGUE, PUBLIC_ROUTES, routeKey, type CatalogueEntry } from './authorization/catalogue.js';
import { classify, type ActorSpec, type HouseholdKindSpec, type Outcome } from './authorization/model.js';
import { renderAccessMatrix } from './authorization/render.js';
import { REQUESTS, type CellRequest } from './authorization/requests.js';
import { registeredRoutes } from './authorization/registered-routes.js';
import { expectedOutcome, HOUSEHOLD_RULES, householdRelation } from './authorization/rules.js';
import { buildWorld, type World, type WorldHousehold } from './authorization/world.js';

const PREFIX = '/api/v1';
/** Parallel requests per batch: enough to keep the run short on two cores, few enough not to starve the pool. */
const BATCH = 6;

interface Cell {
  entry: CatalogueEntry;
  actor: ActorSpec;
  kind?: HouseholdKindSpec;
  expected: Outcome;
}

interface Deviation {
  route: string;
  actor: string;
  household: string;
  expected: string;
  actual: string;
}

describe('authorization matrix: every route × actor × household answers as docs/ACCESS-MATRIX.md says', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await buildWorld(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists every /api/v1 route the app registers, and only those, each with a request to make', () => {
    const registered = registeredRoutes(t.app)
      .filter((r) => r.path.startsWith(`${PREFIX}/`))
      .map((r) => routeKey({ method: r.method, path: r.path.slice(PREFIX.length) }))
      .filter((k) => !PUBLIC_ROUTES.includes(k));
    const catalogued = CATALOGUE.map(routeKey);
    expect(registered.length).toBeGreaterThan(50);
    expect({ missingFromCatalogue: registered.filter((k) => !catalogued.includes(k)), notRegistered: catalogued.filter((k) => !registered.includes(k)) }).toEqual({
      missingFromCatalogue: [],
      notRegistered: [],
    });
    expect({ withoutRequest: catalogued.filter((k) => !REQUESTS[k]), requestWithoutRoute: Object.keys(REQUESTS).filter((k) => !catalogued.includes(k)) }).toEqual({
      withoutRequest: [],
      requestWithoutRoute: [],
    });
  });

  it('docs/ACCESS-MATRIX.md is rendered from the current rules', () => {
    const onDisk = readFileSync('docs/ACCESS-MATRIX.md', 'utf8');
    if (onDisk !== renderAccessMatrix()) throw new Error('docs/ACCESS-MATRIX.md is out of date with test/e2e/authorization/: run `npm run docs:access-matrix` and commit the result.');
  });

  it('answers every cell with the documented outcome; hidden is answered as for a missing id; denied answers carry no household data', async () => {
    const cells: Cell[] = CATALOGUE.flatMap((entry) =>
      ACTORS.flatMap((actor) =>
        entry.access.scope === 'household'
          ? HOUSEHOLD_KINDS.map((kind) => ({ entry, actor, kind, expected: expectedOutcome(entry.access, actor, kind) }))
          : [{ entry, actor, expected: expectedOutcome(entry.access, actor) }],
      ),
    );
    const deviations: Deviation[] = [];
    const leaks: string[] = [];
    const unlike: string[] = [];
    for (let i = 0; i < cells.length; i += BATCH) {
      await Promise.all(cells.slice(i, i + BATCH).map((cell) => runCell(cell, deviations, leaks, unlike)));
    }
    const report = [
      deviations.length === 0 ? '' : `${deviations.length} of ${cells.length} cells deviate from the rules:\n${table(deviations)}`,
      leaks.length === 0 ? '' : `${leaks.length} denied answers carry household data:\n${leaks.join('\n')}`,
      unlike.length === 0 ? '' : `${unlike.length} hidden answers differ from the answer for a missing id:\n${unlike.join('\n')}`,
    ].filter(Boolean);
    if (report.length > 0) throw new Error(report.join('\n\n'));
    expect(cells.length).toBeGreaterThan(1500);
    // 3,500+ requests: about 50 s on an idle 2-core machine, so the default 60 s leaves no margin (partner client
    // tokens live 300 s, which bounds how long this may take)
  }, 240_000);

  it('lists of households hold exactly the households each actor may see', async () => {
    const wrong: string[] = [];
    // an API client without households:read may not list at all (a cell of the matrix above)
    for (const actor of ACTORS.filter((a) => a.kind === 'professional' || (a.scopes ?? []).includes('households:read'))) {
      const listed = await listedHouseholdIds(world.tokenOf(actor));
      for (const kind of HOUSEHOLD_KINDS) {
        const shouldSee = HOUSEHOLD_RULES.read[householdRelation(actor, kind)] === 'allow';
        if (listed.has(world.households[kind.key].id) !== shouldSee) wrong.push(`${actor.key} ${shouldSee ? 'misses' : 'sees'} the ${kind.key} household`);
      }
    }
    expect(wrong).toEqual([]);
  });

  async function runCell(cell: Cell, deviations: Deviation[], leaks: string[], unlike: string[]): Promise<void> {
    const key = routeKey(cell.entry);
    const builder = REQUESTS[key]!;
    let household: WorldHousehold | undefined = cell.kind && world.households[cell.kind.key];
    // a call that may succeed and change who may do what gets its own household, so no cell depends on another
    if (cell.kind && builder.fresh && cell.expected === 'allow') household = await world.freshHousehold(cell.kind.key);
    const spec = await builder.build({ world, actor: cell.actor, household: household! });
    const res = await send(cell.entry.method, spec, world.tokenOf(cell.actor));
    const code = res.status >= 400 ? (res.body as { code?: string }).code : undefined;
    const actual = classify(res.status, builder.passedNotFoundCodes, code);
    // MATRIX_STATUS_LOG=1 prints every cell's status, to check what "allow" rests on (200/201/409/412/…)
    if (process.env.MATRIX_STATUS_LOG) process.stdout.write(`STATUS ${key} ${cell.actor.key} ${cell.kind?.key ?? "-"} ${cell.expected} ${res.status} ${code ?? ""}\n`);
    // 400: the request itself is invalid, so it says nothing about access (validation runs before the check); 5xx: a bug
    if (actual !== cell.expected || res.status === 400 || res.status >= 500) {
      deviations.push({
        route: key,
        actor: cell.actor.key,
        household: cell.kind?.key ?? '—',
        expected: cell.expected,
        actual: `${actual} (${res.status}${code ? ` ${code}` : ''})`,
      });
    }
    if (actual === 'hidden' && household) {
      // hidden must be indistinguishable from missing: the same call on ids that do not exist answers the same problem
      const missing = { ...spec, path: spec.path.replace(household.id, randomUUID()).replace(household.escalationId, randomUUID()) };
      const other = await send(cell.entry.method, missing, world.tokenOf(cell.actor));
      const same = (r: request.Response) => `${r.status} ${(r.body as { code?: string }).code} ${(r.body as { title?: string }).title}`;
      if (same(other) !== same(res)) unlike.push(`${key} as ${cell.actor.key} on ${cell.kind!.key}: ${same(res)}; for a missing id: ${same(other)}`);
    }
    if (actual === 'hidden' || actual === 'forbidden') {
      const secrets = cell.kind ? household!.secrets : HOUSEHOLD_KINDS.flatMap((k) => world.households[k.key].secrets);
      const found = secrets.filter((s) => !spec.path.includes(s) && res.text.includes(s));
      if (found.length > 0) leaks.push(`${key} as ${cell.actor.key} on ${cell.kind?.key ?? '—'} (${res.status}): ${found.length} household values in the answer`);
    }
  }

  function send(method: CatalogueEntry['method'], spec: CellRequest, token: string): Promise<request.Response> {
    const api = request(t.http);
    const call = {
      GET: () => api.get(PREFIX + spec.path),
      POST: () => api.post(PREFIX + spec.path),
      PUT: () => api.put(PREFIX + spec.path),
      PATCH: () => api.patch(PREFIX + spec.path),
      DELETE: () => api.delete(PREFIX + spec.path),
    }[method]();
    call.set(bearer(token)).set(spec.headers ?? {});
    return spec.body === undefined ? call : call.send(spec.body);
  }

  async function listedHouseholdIds(token: string): Promise<Set<string>> {
    const ids = new Set<string>();
    let cursor: string | null = null;
    do {
      const res = await request(t.http)
        .get(`${PREFIX}/households`)
        .query({ limit: 100, ...(cursor && { cursor }) })
        .set(bearer(token));
      expect(res.status).toBe(200);
      const page = res.body as { items: Array<{ id: string }>; nextCursor: string | null };
      for (const item of page.items) ids.add(item.id);
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }
});

function table(deviations: Deviation[]): string {
  const rows = [['route', 'actor', 'household', 'expected', 'actual'], ...deviations.map((d) => [d.route, d.actor, d.household, d.expected, d.actual])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')).join('\n');
}
