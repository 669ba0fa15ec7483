import request from 'supertest';
import { bearer, createTenantFixture, startTestApp, type TenantFixture, type TestApp } from './harness/index.js';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { id?: string; method?: string; path?: string };
  res?: { statusCode?: number };
  responseTime?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request logging', () => {
  let t: TestApp;
  let f: TenantFixture;
  const lines: string[] = [];
  const logged = () => lines.map((line) => JSON.parse(line) as LogLine);
  const linesOf = (requestId: string) => logged().filter((line) => line.reqId === requestId);

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'debug' }, { write: (line: string) => void lines.push(line) });
    f = await createTenantFixture(t.app);
  });
  afterAll(() => t.close());

  it('answers with its own request id and logs one line for the request: id, method, path without the query, status', async () => {
    const res = await request(t.http).get('/api/v1/households?text=Vlootbergen').set(bearer(f.supervisor)).set('X-Request-Id', 'caller-chosen-1');
    expect(res.status).toBe(200);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    await new Promise((resolve) => setImmediate(resolve));
    const mine = linesOf(id);
    expect(mine).toEqual([expect.objectContaining({ level: 30, msg: 'request completed', req: { id, method: 'GET', path: '/api/v1/households' }, res: { statusCode: 200 }, responseTime: expect.any(Number) })]);
    expect(lines.join('')).not.toContain('Vlootbergen');
    // the caller's own id is kept apart (the audit's callerRequestId), never taken as ours
    expect(logged().some((line) => line.reqId === 'caller-chosen-1')).toBe(false);
  });

  it('a request refused before it reaches a route still carries its id, in the header, the problem and the log', async () => {
    const res = await request(t.http).post('/api/v1/households').set(bearer(f.coordinator)).set('Content-Type', 'text/plain').send('geen json');
    expect(res.status).toBe(415);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    expect(res.body.requestId).toBe(id);
    await new Promise((resolve) => setImmediate(resolve));
    expect(linesOf(id)).toEqual([expect.objectContaining({ msg: 'request completed', res: { statusCode: 415 } })]);
  });

  it('two requests get two ids; health checks are not logged', async () => {
    const [a, b] = await Promise.all([request(t.http).get('/api/v1/households').set(bearer(f.supervisor)), request(t.http).get('/api/v1/households').set(bearer(f.supervisor))]);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    const before = lines.length;
    expect((await request(t.http).get('/health/live')).status).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.slice(before).map((line) => JSON.parse(line) as LogLine).filter((line) => line.req?.path?.startsWith('/health'))).toEqual([]);
  });
});
