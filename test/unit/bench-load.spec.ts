import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { startCpuMeter } from '../../bench/cpu-meter.js';
import { loadPlacement, runLoad } from '../../bench/load.js';
import { planChangeRequest, type ChangeTarget } from '../../bench/plan-change-request.js';

type Setup = (request: object, state: object) => { path: string; headers: Record<string, string> };
type Answer = (status: number, body: string, state: object, headers: Record<string, string>) => void;

describe("the API benchmark's plan-change load", () => {
  it('never has two requests in flight on one plan, and sends the ETag the last answer gave', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.boolean(), { maxLength: 200 }), (count, steps) => {
        const targets: ChangeTarget[] = Array.from({ length: count }, (_, i) => ({ path: `/${i}`, etag: '"1"' }));
        const request = planChangeRequest(targets);
        const setup = request.setupRequest as unknown as Setup;
        const answer = request.onResponse as unknown as Answer;
        const inFlight: Array<{ state: object; path: string; etag: string }> = [];
        const versions = new Map(targets.map((t) => [t.path, 1]));
        for (const send of steps) {
          if (send && inFlight.length < count) {
            const state = {};
            const sent = setup({}, state);
            expect(inFlight.map((r) => r.path)).not.toContain(sent.path);
            // the ETag sent is the plan's current version: no 412 from the load's own bookkeeping
            expect(sent.headers['if-match']).toBe(`"${versions.get(sent.path)}"`);
            inFlight.push({ state, path: sent.path, etag: sent.headers['if-match']! });
          } else if (inFlight.length > 0) {
            const done = inFlight.shift()!;
            const next = versions.get(done.path)! + 1;
            versions.set(done.path, next);
            answer(200, '{}', done.state, { ETag: `"${next}"` });
          }
        }
      }),
    );
  });

  it('refuses to send more requests at once than there are plans', () => {
    const request = planChangeRequest([{ path: '/a', etag: '"1"' }]);
    const setup = request.setupRequest as unknown as Setup;
    setup({}, {});
    expect(() => setup({}, {})).toThrow('more requests in flight than plans');
  });

  /** A server whose one plan moves on by one version per change, answering its new ETag. */
  async function withVersionedServer(check: (url: string, version: () => number) => Promise<void>): Promise<void> {
    let version = 1;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { ETag: `"${++version}"`, 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await check(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, () => version);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('hands the ETags the load ended with back to the caller', async () => {
    await withVersionedServer(async (url, version) => {
      const targets: ChangeTarget[] = [{ path: '/only', etag: '"1"' }];
      const outcome = await runLoad({ options: { url, connections: 1, amount: 5 }, planChange: { targets, headers: {} } }, 'in-process');
      expect(outcome.requests).toBe(5);
      expect(targets[0]!.etag).toBe(`"${version()}"`);
    });
  });

  it('runs the load in a child process of its own (the built benchmark), with its CPU time and the ETags it ended with', async () => {
    // the child is dist/bench/load-process.js: `npm test` builds first (pretest)
    const built = (await import(pathToFileURL(path.resolve('dist/bench/load.js')).href)) as typeof import('../../bench/load.js');
    await withVersionedServer(async (url, version) => {
      const targets: ChangeTarget[] = [{ path: '/only', etag: '"1"' }];
      const outcome = await built.runLoad({ options: { url, connections: 1, amount: 20 }, planChange: { targets, headers: {} } }, 'own-process');
      expect(outcome.requests).toBe(20);
      expect(outcome.loaderCpuMs).toBeGreaterThan(0);
      expect(targets[0]!.etag).toBe(`"${version()}"`);
      expect(version()).toBe(21);
    });
  });

  it('runs the load generator in a process of its own unless told otherwise', () => {
    expect(loadPlacement(['node', 'api.js'])).toBe('own-process');
    expect(loadPlacement(['node', 'api.js', '--load', 'in-process'])).toBe('in-process');
    expect(() => loadPlacement(['node', 'api.js', '--load', 'elsewhere'])).toThrow('--load takes own-process or in-process');
  });
});

describe("the API benchmark's CPU meter", () => {
  it("divides the serving process's CPU time over the requests, and PostgreSQL's where /proc shows it", () => {
    const meter = startCpuMeter();
    // 60 ms of this process's CPU, counted as CPU (a wall-clock loop got less on a machine busy with other work)
    const started = process.cpuUsage();
    const cpuMs = () => {
      const used = process.cpuUsage(started);
      return (used.user + used.system) / 1000;
    };
    while (cpuMs() < 60);
    const perRequest = meter.stop(10, 5);
    expect(perRequest.serverMs).toBeGreaterThanOrEqual(4); // ≥ 40 ms over 10 requests
    expect(perRequest.loaderMs).toBe(0.5);
    if (process.platform === 'linux') expect(perRequest.postgresMs).toBeGreaterThanOrEqual(0);
  });
});
