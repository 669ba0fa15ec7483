import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory.js';
import { prepareDatabase } from '../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../src/config/app-config.js';
import { OutboxRelay } from '../src/events/outbox-relay.service.js';
import type { TransactionHost } from '../src/database/transaction-host.js';
import { QueueBackend } from '../src/queue/queue-backend.js';
import { createBenchTenant, createCase, http, percentile } from './bench-setup.js';
import { pinnedNode, runtimeLine } from './runtime.js';

/**
 * npm run bench:notifications — change-to-inbox latency and notification throughput of Eenplan's pipeline
 * (outbox → relay → BullMQ → fan-out → inbox) on Redis and on BullMQ's PostgreSQL backend, next to the raw
 * BullMQ no-op job rate of the same backend, measured in the same run on the same machine.
 */
const PARTNERS = 4; // + the coordinator = 5 inbox items per plan change
const CASES = 40;
const THROUGHPUT_EVENTS = Number(process.env.BENCH_EVENTS ?? 3000);
const LATENCY_CHANGES = Number(process.env.BENCH_CHANGES ?? 400);
const NOOP_JOBS = Number(process.env.BENCH_NOOP_JOBS ?? 20000);

const say = (message: string) => process.stdout.write(`${message}\n`);

async function rawNoopRate(config: AppConfig, kind: 'redis' | 'postgres'): Promise<number> {
  const name = `bench-noop-${randomBytes(4).toString('hex')}` as const;
  // The same backend wiring as the application, with no-op jobs (and no database context around them).
  const noDatabase = { runAsSystem: <T>(work: () => Promise<T>) => work() } as TransactionHost;
  const backend = new QueueBackend({ ...config, redisUrl: kind === 'redis' ? config.redisUrl : undefined, queue: { ...config.queue, prefix: 'bench' } }, noDatabase);
  const queue = backend.queue<{ i: number }>(name);
  for (let i = 0; i < NOOP_JOBS; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, NOOP_JOBS - i) }, (_, j) => ({ name: 'noop', data: { i: i + j }, opts: { removeOnComplete: true } })));
  }
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const started = performance.now();
  const worker = backend.worker<{ i: number }>(name, async () => undefined, { concurrency: 50 });
  worker.on('completed', () => {
    if (++done === NOOP_JOBS) finish();
  });
  await finished;
  const rate = NOOP_JOBS / ((performance.now() - started) / 1000);
  await queue.obliterate({ force: true }).catch(() => undefined);
  await backend.onApplicationShutdown();
  return rate;
}

async function pipeline(base: AppConfig, kind: 'redis' | 'postgres') {
  const config: AppConfig = { ...base, redisUrl: kind === 'redis' ? base.redisUrl : undefined, processRole: 'all', queue: { ...base.queue, prefix: `bench${randomBytes(3).toString('hex')}` } };
  const app: INestApplication = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${((app.getHttpServer() as import('node:http').Server).address() as AddressInfo).port}`;
  const ds = app.get(DataSource);
  try {
    const tenant = await createBenchTenant(app, PARTNERS);
    const cases = [];
    for (let i = 0; i < CASES; i++) cases.push(await createCase(url, tenant, i));
    await waitUntil(async () => (await count(ds, `SELECT count(*)::int AS n FROM outbox_event WHERE tenant_id = $1 AND processed_at IS NULL`, [tenant.tenantId])) === 0);

    // Latency: real plan changes through the API, a few at a time; per change the time from its commit
    // (occurred_at) to each inbox row (created_at).
    const etags = new Map(cases.map((c) => [c.householdId, c.etag]));
    const started = new Date();
    for (let i = 0; i < LATENCY_CHANGES; i += CASES / 4) {
      await Promise.all(
        cases.slice(0, CASES / 4).map(async (c, j) => {
          const res = await http(url, 'PATCH', `/api/v1/households/${c.householdId}/plan`, tenant.supervisor.token, { familyWishes: `w${i + j}` }, { 'if-match': etags.get(c.householdId)! });
          etags.set(c.householdId, res.etag!);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const expected = LATENCY_CHANGES * (PARTNERS + 1);
    await waitUntil(async () => (await count(ds, `SELECT count(*)::int AS n FROM notification n JOIN outbox_event e ON e.id = n.event_id WHERE e.tenant_id = $1 AND e.type = 'plan.updated' AND e.occurred_at >= $2`, [tenant.tenantId, started])) >= expected);
    const latencies = (
      await ds.query<Array<{ ms: number }>>(
        `SELECT EXTRACT(EPOCH FROM (n.created_at - e.occurred_at)) * 1000 AS ms FROM notification n JOIN outbox_event e ON e.id = n.event_id
          WHERE e.tenant_id = $1 AND e.type = 'plan.updated' AND e.occurred_at >= $2`,
        [tenant.tenantId, started],
      )
    ).map((r) => Number(r.ms)).sort((a, b) => a - b);

    // Throughput: a burst of committed changes lands in the outbox at once (as after an outage); time until
    // every inbox item exists.
    const burstStart = new Date();
    await ds.query(
      `INSERT INTO outbox_event (tenant_id, type, aggregate_type, aggregate_id, household_id, actor_id, payload, occurred_at)
       SELECT $1, 'plan.updated', 'plan', gen_random_uuid(), h, $2, '{"version": 0}'::jsonb, now()
         FROM unnest($3::uuid[]) AS h, generate_series(1, $4)`,
      [tenant.tenantId, tenant.supervisor.id, cases.map((c) => c.householdId), Math.ceil(THROUGHPUT_EVENTS / CASES)],
    );
    app.get(OutboxRelay).wake();
    const burstEvents = Math.ceil(THROUGHPUT_EVENTS / CASES) * CASES;
    const t0 = performance.now();
    await waitUntil(async () => (await count(ds, `SELECT count(*)::int AS n FROM notification n JOIN outbox_event e ON e.id = n.event_id WHERE e.tenant_id = $1 AND e.occurred_at >= $2 AND e.payload->>'version' = '0'`, [tenant.tenantId, burstStart])) >= burstEvents * (PARTNERS + 1), 300_000, 50);
    const seconds = (performance.now() - t0) / 1000;
    return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), samples: latencies.length, perSecond: (burstEvents * (PARTNERS + 1)) / seconds, events: burstEvents };
  } finally {
    await app.close();
  }
}

async function count(ds: DataSource, sql: string, params: unknown[]): Promise<number> {
  return (await ds.query<Array<{ n: number }>>(sql, params))[0]!.n;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 120_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

async function redisReachable(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function main(): Promise<void> {
  say(runtimeLine(process.version, pinnedNode()));
  // The benchmark is the only caller: the per-professional rate limit would only measure itself.
  const loaded = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error', DEMO_DATA: 'false', RATE_LIMIT_PER_MINUTE: '100000000', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }); // the webhook receiver is local
  const { config, embedded } = await prepareDatabase(loaded, say);
  const redisUrl = config.redisUrl ?? 'redis://127.0.0.1:6379';
  const kinds: Array<'redis' | 'postgres'> = (await redisReachable(redisUrl)) ? ['redis', 'postgres'] : ['postgres'];
  const rows: string[] = [];
  for (const kind of kinds) {
    const c = { ...config, redisUrl };
    say(`${kind}: raw BullMQ no-op jobs …`);
    const noop = await rawNoopRate(c, kind);
    say(`${kind}: Eenplan pipeline …`);
    const result = await pipeline(c, kind);
    rows.push(
      `| ${kind === 'redis' ? 'Redis' : 'PostgreSQL'} | ${result.p50.toFixed(0)} | ${result.p95.toFixed(0)} | ${result.p99.toFixed(0)} | ${result.perSecond.toFixed(0)} | ${noop.toFixed(0)} | ${(result.perSecond / noop).toFixed(2)} |`,
    );
  }
  say('');
  say(`change-to-inbox latency over ${LATENCY_CHANGES} plan changes × ${PARTNERS + 1} recipients; throughput over a burst of ${THROUGHPUT_EVENTS} events × ${PARTNERS + 1} recipients`);
  say('| backend | p50 ms | p95 ms | p99 ms | notifications/s | raw BullMQ no-op jobs/s | ratio |');
  say('|---|---|---|---|---|---|---|');
  for (const row of rows) say(row);
  await embedded?.stop();
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
