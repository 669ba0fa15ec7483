import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
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

  it('hands the ETags the load ended with back to the caller', async () => {
    let version = 1;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { ETag: `"${++version}"`, 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const targets: ChangeTarget[] = [{ path: '/only', etag: '"1"' }];
      const outcome = await runLoad({ options: { url, connections: 1, amount: 5 }, planChange: { targets, headers: {} } }, 'in-process');
      expect(outcome.requests).toBe(5);
      expect(targets[0]!.etag).toBe(`"${version}"`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('runs the load generator in a process of its own unless told otherwise', () => {
    expect(loadPlacement(['node', 'api.js'])).toBe('own-process');
    expect(loadPlacement(['node', 'api.js', '--load', 'in-process'])).toBe('in-process');
    expect(() => loadPlacement(['node', 'api.js', '--load', 'elsewhere'])).toThrow('--load takes own-process or in-process');
  });
});
