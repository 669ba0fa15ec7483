import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import pg from 'pg';
import { createBenchTenant, createCase, startBenchApp } from './bench-setup.js';

/**
 * npm run bench — GET /api/v1/households/{id} through the whole stack (auth, need-to-know check, mapper) next
 * to a raw node:http + pg server answering the same household with one query, in the same run.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const say = (message: string) => process.stdout.write(`${message}\n`);

function rawServer(databaseUrl: string, householdId: string): Promise<{ url: string; close: () => Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  const server = http.createServer((_req, res) => {
    pool
      .query('SELECT h.*, (SELECT json_agg(m) FROM member m WHERE m.household_id = h.id) AS members FROM household h WHERE h.id = $1', [householdId])
      .then((result) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result.rows[0]));
      })
      .catch(() => res.writeHead(500).end());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        close: async () => {
          await new Promise<void>((r) => server.close(() => r()));
          await pool.end();
        },
      }),
    ),
  );
}

async function load(url: string, headers: Record<string, string>) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99 };
}

async function main(): Promise<void> {
  const { config, embedded, app, origin } = await startBenchApp(say);
  const base = origin;
  const tenant = await createBenchTenant(app, 1);
  const { householdId } = await createCase(base, tenant, 1);
  const raw = await rawServer(config.databaseUrl!, householdId);
  try {
    say(`warming up …`);
    await autocannon({ url: raw.url, connections: 10, duration: 2 });
    await autocannon({ url: `${base}/api/v1/households/${householdId}`, connections: 10, duration: 2, headers: { authorization: `Bearer ${tenant.coordinator.token}` } });
    say(`raw node:http + pg, ${CONNECTIONS} connections, ${SECONDS} s …`);
    const baseline = await load(raw.url, {});
    say(`Eenplan GET /api/v1/households/{id} as its coordinator …`);
    const eenplan = await load(`${base}/api/v1/households/${householdId}`, { authorization: `Bearer ${tenant.coordinator.token}` });
    say('');
    say('| server | req/s | p50 ms | p97.5 ms | p99 ms |');
    say('|---|---|---|---|---|');
    say(`| raw node:http + pg | ${baseline.rps.toFixed(0)} | ${baseline.p50} | ${baseline.p97_5} | ${baseline.p99} |`);
    say(`| Eenplan (Nest + TypeORM, auth, need-to-know) | ${eenplan.rps.toFixed(0)} | ${eenplan.p50} | ${eenplan.p97_5} | ${eenplan.p99} |`);
    say(`ratio Eenplan / raw: ${(eenplan.rps / baseline.rps).toFixed(2)}`);
  } finally {
    await raw.close();
    await app.close();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
