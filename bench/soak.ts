import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory.js';
import { TokenService } from '../src/auth/token.service.js';
import { prepareDatabase } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { TransactionHost, WORKER_DATA_SOURCE } from '../src/database/transaction-host.js';
import { OutboxDispatchRepository } from '../src/events/outbox-dispatch.repository.js';
import { ProfessionalsRepository } from '../src/professionals/professionals.repository.js';
import { QUEUES } from '../src/queue/jobs.js';
import { QueueBackend } from '../src/queue/queue-backend.js';
import { createBenchTenant, createCase, http as call, percentile } from './bench-setup.js';
import { pinnedNode, runtimeLine } from './runtime.js';
import { slopePerHour, type Sample } from './soak-stats.js';

/**
 * npm run soak -- [--minutes 30] [--rate 20] [--sample-seconds 10] [--out bench/results]
 *
 * Steady mixed load against one whole process (API, relay, queue workers, scheduler): reads, plan changes,
 * inbox reads and webhooks to a local receiver on 127.0.0.1. Every sample records RSS, heap, event-loop delay,
 * the database pools, connections to the database, queue depth and outbox lag; the summary fits a line through
 * the second half (after warm-up) so a leak shows as a slope, not as a feeling. The load generator runs in the
 * same process (it is small next to the app), so RSS and event-loop delay include it.
 */
const say = (message: string) => process.stdout.write(`${message}\n`);

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: process.env.SOAK_MINUTES ?? '30' },
    rate: { type: 'string', default: process.env.SOAK_RATE ?? '20' },
    'sample-seconds': { type: 'string', default: process.env.SOAK_SAMPLE_SECONDS ?? '10' },
    out: { type: 'string', default: process.env.SOAK_OUT ?? 'bench/results' },
  },
});
const MINUTES = Number(args.minutes);
const RATE = Number(args.rate);
const SAMPLE_SECONDS = Number(args['sample-seconds']);
const CASES = 20;
const PARTNERS = 3;

interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

function poolOf(ds: DataSource): PoolLike | undefined {
  return (ds.driver as unknown as { master?: pg.Pool }).master;
}

async function main(): Promise<void> {
  if (![MINUTES, RATE, SAMPLE_SECONDS].every((n) => Number.isFinite(n) && n > 0)) {
    process.stderr.write('Usage: npm run soak -- [--minutes N] [--rate requests/s] [--sample-seconds N] [--out folder]\n');
    process.exit(2);
  }
  const loaded = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error', DEMO_DATA: 'false', PROCESS_ROLE: 'all', RATE_LIMIT_PER_MINUTE: '100000000', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }); // the webhook receiver is local
  say(runtimeLine(process.version, pinnedNode()));
  const { config, embedded } = await prepareDatabase(loaded, say);
  const app: INestApplication = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${((app.getHttpServer() as http.Server).address() as AddressInfo).port}`;
  say(`soak: ${MINUTES} min at ${RATE} requests/s, sampling every ${SAMPLE_SECONDS} s, queue on ${config.redisUrl ? 'Redis' : 'PostgreSQL'}`);

  // Webhook receiver: answers 200, counts deliveries.
  let webhooksReceived = 0;
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      webhooksReceived += 1;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const tenant = await createBenchTenant(app, PARTNERS);
  const tx = app.get(TransactionHost);
  const admin = await tx.runAsSystem(() =>
    tx.run(async () => {
      const row = await app.get(ProfessionalsRepository).insert({ tenantId: tenant.tenantId, organisationId: tenant.partners[0]!.organisationId, name: 'admin 0', email: `admin.${tenant.tenantId.slice(0, 8)}@bench.example`, roles: ['admin'] });
      return app.get(TokenService).signDevToken(row.authSubject);
    }),
  );
  const hook = await call<{ id: string }>(base, 'POST', `/api/v1/organisations/${tenant.partners[0]!.organisationId}/webhooks`, admin, { url: receiverUrl, eventTypes: ['plan.updated'] });
  if (hook.status !== 201) throw new Error(`webhook subscription failed: ${hook.status}`);
  const cases: Array<{ householdId: string; etag: string }> = [];
  for (let i = 0; i < CASES; i++) cases.push(await createCase(base, tenant, i));
  const etags = new Map(cases.map((c) => [c.householdId, c.etag]));

  const ds = app.get(DataSource);
  const workerDs = app.get<DataSource>(WORKER_DATA_SOURCE);
  const outbox = app.get(OutboxDispatchRepository);
  const queues = app.get(QueueBackend);
  const databaseName = new URL(config.databaseUrl!).pathname.slice(1);

  // The load: one operation every 1/RATE s, regardless of how long earlier ones take (open model, capped).
  const latencies: number[] = [];
  const counts = { ok: 0, conflicts: 0, errors: 0, byKind: {} as Record<string, number> };
  let inFlight = 0;
  let n = 0;
  const operation = async () => {
    const c = cases[n % CASES]!;
    const roll = n++ % 20;
    const started = performance.now();
    let kind: string;
    let status: number;
    if (roll < 6) {
      kind = 'read household';
      status = (await call(base, 'GET', `/api/v1/households/${c.householdId}`, tenant.coordinator.token)).status;
    } else if (roll < 9) {
      kind = 'read plan';
      status = (await call(base, 'GET', `/api/v1/households/${c.householdId}/plan`, tenant.coordinator.token)).status;
    } else if (roll < 11) {
      kind = 'timeline';
      status = (await call(base, 'GET', `/api/v1/households/${c.householdId}/timeline?limit=20`, tenant.coordinator.token)).status;
    } else if (roll < 12) {
      kind = 'list households';
      status = (await call(base, 'GET', '/api/v1/households?limit=20', tenant.supervisor.token)).status;
    } else if (roll < 16) {
      kind = 'plan change';
      const res = await call(base, 'PATCH', `/api/v1/households/${c.householdId}/plan`, tenant.supervisor.token, { familyWishes: `soak ${n}` }, { 'if-match': etags.get(c.householdId)! });
      status = res.status;
      if (res.status === 200) etags.set(c.householdId, res.etag!);
      if (res.status === 412) {
        counts.conflicts += 1;
        const fresh = await call(base, 'GET', `/api/v1/households/${c.householdId}/plan`, tenant.supervisor.token);
        etags.set(c.householdId, fresh.etag!);
        status = 200;
      }
    } else {
      kind = 'inbox';
      const inbox = await call<{ items: Array<{ id: string; readAt: string | null }> }>(base, 'GET', '/api/v1/me/notifications?limit=20', tenant.coordinator.token);
      status = inbox.status;
      const unread = inbox.body?.items?.find((i) => i.readAt === null);
      if (unread) status = (await call(base, 'POST', `/api/v1/me/notifications/${unread.id}/read`, tenant.coordinator.token)).status;
    }
    latencies.push(performance.now() - started);
    counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
    if (status >= 200 && status < 300) counts.ok += 1;
    else counts.errors += 1;
  };
  const ticker = setInterval(() => {
    if (inFlight >= 50) return; // the app is not keeping up: count it as a skipped tick, not an ever-growing backlog
    inFlight += 1;
    operation()
      .catch(() => (counts.errors += 1))
      .finally(() => (inFlight -= 1));
  }, 1000 / RATE);

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const samples: Sample[] = [];
  const started = Date.now();
  const sample = async () => {
    const [activity] = await ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [databaseName]);
    const lag = await outbox.lag();
    let depth = 0;
    for (const name of Object.values(QUEUES)) {
      const c = await queues.queue(name).getJobCounts('waiting', 'active', 'delayed').catch(() => ({}) as Record<string, number>);
      depth += Object.values(c).reduce((a, b) => a + b, 0);
    }
    const api = poolOf(ds);
    const worker = poolOf(workerDs);
    const window = latencies.splice(0).sort((a, b) => a - b);
    const s: Sample = {
      t: Math.round((Date.now() - started) / 1000),
      rssMb: process.memoryUsage().rss / 2 ** 20,
      heapMb: process.memoryUsage().heapUsed / 2 ** 20,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
      apiPoolTotal: api?.totalCount ?? 0,
      apiPoolWaiting: api?.waitingCount ?? 0,
      workerPoolTotal: worker?.totalCount ?? 0,
      connections: activity!.n,
      queueDepth: depth,
      outboxUndispatched: lag.undispatched,
      outboxLagS: lag.oldestAgeSeconds,
      requests: window.length,
      p50Ms: percentile(window, 50),
      p95Ms: percentile(window, 95),
      errors: counts.errors,
      webhooks: webhooksReceived,
    };
    loop.reset();
    samples.push(s);
    say(
      `t=${String(s.t).padStart(5)}s rss=${s.rssMb.toFixed(0)}MB heap=${s.heapMb.toFixed(0)}MB loop p99=${s.loopP99Ms.toFixed(1)}ms ` +
        `pool=${s.apiPoolTotal}/${s.workerPoolTotal} conns=${s.connections} queue=${s.queueDepth} outbox=${s.outboxUndispatched} (${s.outboxLagS.toFixed(1)}s) ` +
        `req=${s.requests} p95=${s.p95Ms.toFixed(0)}ms errors=${s.errors} webhooks=${s.webhooks}`,
    );
  };
  const sampler = setInterval(() => void sample().catch((error: unknown) => say(`sample failed: ${String(error)}`)), SAMPLE_SECONDS * 1000);
  await new Promise((resolve) => setTimeout(resolve, MINUTES * 60_000));
  clearInterval(ticker);
  clearInterval(sampler);
  while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  await sample();

  // Summary: trends over the second half (the first half includes warm-up: JIT, pools filling, caches).
  const second = samples.filter((s) => s.t >= (MINUTES * 60) / 2);
  const maxOf = (key: keyof Sample) => Math.max(...samples.map((s) => s[key]));
  const summary = {
    when: new Date().toISOString(),
    minutes: MINUTES,
    ratePerSecond: RATE,
    queue: config.redisUrl ? 'redis' : 'postgres',
    operations: counts.ok + counts.errors,
    byKind: counts.byKind,
    errors: counts.errors,
    conflictsRetried: counts.conflicts,
    webhooksReceived,
    rssMb: { first: samples[0]?.rssMb, last: samples.at(-1)?.rssMb, max: maxOf('rssMb'), slopeSecondHalfMbPerHour: slopePerHour(second, 'rssMb') },
    heapMb: { last: samples.at(-1)?.heapMb, slopeSecondHalfMbPerHour: slopePerHour(second, 'heapMb') },
    connections: { max: maxOf('connections'), slopeSecondHalfPerHour: slopePerHour(second, 'connections') },
    eventLoopP99MsMax: maxOf('loopP99Ms'),
    requestP95MsMax: maxOf('p95Ms'),
    queueDepthMax: maxOf('queueDepth'),
    outboxLagSecondsMax: maxOf('outboxLagS'),
  };
  const folder = path.resolve(args.out!);
  await mkdir(folder, { recursive: true });
  const stamp = summary.when.replace(/[:.]/g, '-');
  const header = Object.keys(samples[0]!) as Array<keyof Sample>;
  await writeFile(path.join(folder, `soak-${stamp}.csv`), [header.join(','), ...samples.map((s) => header.map((k) => Number(s[k].toFixed(2))).join(','))].join('\n') + '\n');
  await writeFile(path.join(folder, `soak-${stamp}.json`), JSON.stringify({ summary, samples }, null, 2));
  say('');
  say(JSON.stringify(summary, null, 2));
  say(`figures written to ${folder}/soak-${stamp}.{csv,json}`);

  receiver.close();
  await app.close();
  await embedded?.stop();
  process.exit(summary.errors > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
