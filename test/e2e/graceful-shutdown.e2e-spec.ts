import http from 'node:http';
import type { DataSource } from 'typeorm';
import { createTenantFixture, startTestApp, systemDb, uniqueSuffix, type TenantFixture, type TestApp } from './harness/index.js';
import { caseApi } from './support/case.js';
import { linkCareTeam } from './support/care-team.js';
import { startEenplan, startRedis, type Child } from './support/processes.js';
import { waitFor } from './support/wait.js';

/**
 * SIGTERM under load (the built app as its own process): readiness turns 503 before the listener closes, every
 * request the process accepted gets its answer (no connection reset), every change it acknowledged is committed,
 * jobs in flight are finished or resumed by another worker, and the process exits 0.
 */

const children: Child[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill('SIGKILL')));
});

interface Outcome {
  status?: number;
  etag?: string;
  error?: string;
}

/** One request on a fresh connection (no keep-alive), so "accepted" and "refused" are unambiguous. */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent: false, headers: { ...headers, connection: 'close', ...(payload && { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, etag: res.headers.etag }));
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(payload);
  });
}

async function partnerCase(t: TestApp, f: TenantFixture) {
  const { householdId, etag } = await caseApi(t).caseWithPlan(f);
  const link = await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' });
  expect(link.status).toBe(201);
  return { householdId, etag };
}

async function planVersion(ds: DataSource, householdId: string): Promise<number> {
  const [row] = await ds.query<Array<{ version: number }>>('SELECT version FROM plan WHERE household_id = $1', [householdId]);
  return row!.version;
}

describe('SIGTERM during load', () => {
  it('drains: readiness 503 first, no accepted request reset, every acknowledged change committed, exit 0', async () => {
    const redis = await startRedis();
    children.push(redis);
    const prefix = `g${uniqueSuffix()}`;
    const t = await startTestApp({ PROCESS_ROLE: 'api', REDIS_URL: redis.url, QUEUE_PREFIX: prefix });
    try {
      const f = await createTenantFixture(t.app);
      const cases = [];
      for (let i = 0; i < 6; i++) cases.push(await partnerCase(t, f));
      const ds = systemDb(t.app);

      const env = { REDIS_URL: redis.url, QUEUE_PREFIX: prefix, RELAY_POLL_MS: '200', SHUTDOWN_DRAIN_DELAY_MS: '1500', SHUTDOWN_GRACE_MS: '20000' };
      const app = await startEenplan('all', env);
      children.push(app);
      const exited = new Promise<number | null>((resolve) => app.process.once('exit', (code) => resolve(code)));

      // Six writers, one per household, each editing its plan again as soon as the previous edit is answered —
      // until readiness says 503, as a load balancer stops routing then (edits already sent still finish).
      const outcomes: Outcome[] = [];
      const acknowledged = new Map<string, number>();
      let refused = false;
      let unready = false;
      const writer = async ({ householdId, etag }: { householdId: string; etag: string }) => {
        let current = etag;
        let n = 0;
        while (!refused && !unready) {
          const outcome = await send(app.port, 'PATCH', `/api/v1/households/${householdId}/plan`, { authorization: `Bearer ${f.supervisor.token}`, 'if-match': current }, { familyWishes: `Wens ${n++}` });
          outcomes.push(outcome);
          if (outcome.error === 'ECONNREFUSED') refused = true;
          if (outcome.status === 200) {
            current = outcome.etag!;
            acknowledged.set(householdId, (acknowledged.get(householdId) ?? 0) + 1);
          }
        }
      };
      // Readiness, polled throughout: 200 … 503 … refused. A probe that connects in the instant the listener closes
      // is reset by the kernel before the app ever read it; that is a refusal too, not a dropped request.
      const readiness: string[] = [];
      const prober = (async () => {
        for (;;) {
          const outcome = await send(app.port, 'GET', '/health/ready', {});
          const seen = outcome.status ? String(outcome.status) : outcome.error === 'ECONNRESET' ? 'ECONNREFUSED' : outcome.error!;
          if (seen === '503') unready = true;
          if (readiness.at(-1) !== seen) readiness.push(seen);
          if (seen === 'ECONNREFUSED') return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const writers = Promise.all(cases.map(writer));
      // SIGTERM once the writers are well under way (a fixed delay is too short on a loaded machine)
      const sum = () => [...acknowledged.values()].reduce((a, b) => a + b, 0);
      await waitFor('the writers to be under way', async () => sum() >= 12, 60_000, 20);
      app.process.kill('SIGTERM');
      await Promise.all([writers, prober]);
      const code = await exited;

      expect(code).toBe(0);
      expect(readiness).toEqual(['200', '503', 'ECONNREFUSED']);
      expect(app.output()).toContain('SIGTERM received');
      // Every request the writers sent was answered: no reset, no hang-up, no refusal (they stopped at the 503).
      expect(outcomes.filter((o) => o.error)).toEqual([]);
      expect(outcomes.filter((o) => o.status !== undefined && o.status !== 200)).toEqual([]);
      const total = [...acknowledged.values()].reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThan(12);
      for (const { householdId } of cases) expect(await planVersion(ds, householdId)).toBe(1 + (acknowledged.get(householdId) ?? 0));

      // Jobs: whatever the process did not finish, another worker does; each change reaches the partner once.
      children.push(await startEenplan('worker', { REDIS_URL: redis.url, QUEUE_PREFIX: prefix, RELAY_POLL_MS: '200' }));
      const ids = cases.map((c) => c.householdId);
      const counts = async () =>
        (
          await ds.query<Array<{ events: number; items: number; distinct_events: number }>>(
            `SELECT (SELECT count(*)::int FROM outbox_event WHERE household_id = ANY($1) AND type = 'plan.updated') AS events,
                    count(n.id)::int AS items, count(DISTINCT n.event_id)::int AS distinct_events
               FROM notification n JOIN outbox_event e ON e.id = n.event_id
              WHERE e.household_id = ANY($1) AND e.type = 'plan.updated' AND n.professional_id = $2`,
            [ids, f.partner.id],
          )
        )[0]!;
      await waitFor('every change in the inbox', async () => (await counts()).items >= total, 60_000, 250);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await counts()).toEqual({ events: total, items: total, distinct_events: total });
    } finally {
      await t.close();
    }
  }, 120_000);
});

