import { loadavg } from 'node:os';
import pg from 'pg';
import { closeBenchApp, createBenchTenant, createCase, http, percentile, startBenchApp, type BenchTenant } from './bench-setup.js';
import { prepareScratch, rawAuditedRead, rawPlanChange, type RawPool, type RawServer } from './raw-baselines.js';
import { rawPlanChangeOnSchema } from './raw-on-schema.js';
import type { TimeLimits } from '../src/database/data-source-options.js';
import type { LoadJob } from './load-job.js';
import { loadPlacement, runLoad } from './load.js';
import { startCpuMeter, type CpuPerRequest } from './cpu-meter.js';
import type { ChangeTarget } from './plan-change-request.js';

/**
 * npm run bench — the audited reads and the plan change through the whole stack (auth, row-level security,
 * need-to-know, mapper, audit in the request's transaction), each next to raw node:http + pg servers doing the same
 * work in the same run and database (bench/raw-baselines.ts):
 *   (a) BEGIN; one SELECT of household, members, plan, goals, actions; INSERT one audit row; COMMIT
 *   (b) the same in one statement
 * Scenarios: 64 connections (throughput and ratios), 16 connections (p99), one request at a time (p50), one
 * municipality against four (one, four, four, one; the mean of each), and a conditional plan change (raw, (c),
 * Eenplan, Eenplan, (c), raw; the mean of each server's two runs). For the "large database" figure, seed first
 * (`npm run seed -- --households 100000 --audit-events 10000000`) and run again against that DATABASE_URL.
 * Figures and method: docs/benchmarks.md. BENCH_SECONDS (default 10) per measurement. `npm run bench -- --only plan-change`
 * (or `--only reads`) runs one group with its own baseline in the same run.
 *
 * The load generator runs in a process of its own (bench/load.ts; `--load in-process` puts it back on the servers'
 * thread, as before stop 28, to compare), and every measured load reports what each request cost in CPU: the serving
 * process, PostgreSQL and the load generator (bench/cpu-meter.ts) — on two cores, throughput is bounded by cores ÷ that
 * total, which is what separates a server waiting on the CPU from one waiting on round trips.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const POOL = 20; // the application's request pool (database.module.ts); the raw servers get the same
const say = (message: string) => process.stdout.write(`${message}\n`);

interface Figure {
  rps: number;
  p50: number;
  p99: number;
  cpu: CpuPerRequest;
}

const PLACEMENT = loadPlacement(process.argv);

/** A measured load: SECONDS long, every answer a 2xx. */
async function load(name: string, options: LoadJob['options'], planChange?: LoadJob['planChange']): Promise<Figure> {
  const meter = startCpuMeter();
  const result = await runLoad({ options: { duration: SECONDS, ...options }, planChange }, PLACEMENT);
  const cpu = meter.stop(result.requests, result.loaderCpuMs);
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)}), ${result.errors} errors`);
  return { rps: result.rps, p50: result.p50, p99: result.p99, cpu };
}

/** A load that only warms up (JIT, pools, caches): its figures are not kept. */
const warm = async (options: LoadJob['options'], planChange?: LoadJob['planChange']) => void (await runLoad({ options, planChange }, PLACEMENT));

/** One request at a time: the latency of a single request without queueing. */
async function single(url: string, headers: Record<string, string>, count = 300): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const row = (name: string, f: Figure, ratio?: number) => say(`| ${name} | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p99} | ${ratio === undefined ? '' : ratio.toFixed(2)} |`);

/** `--only reads` or `--only plan-change` (after `npm run bench --`): one group of scenarios, each with its own baseline. */
const SCENARIOS = ['reads', 'plan-change'] as const;
function selectedScenarios(): ReadonlySet<string> {
  const at = process.argv.indexOf('--only');
  if (at === -1) return new Set(SCENARIOS);
  const wanted = (process.argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = wanted.filter((w) => !(SCENARIOS as readonly string[]).includes(w));
  if (wanted.length === 0 || unknown.length > 0) throw new Error(`--only takes ${SCENARIOS.join(' or ')} (comma-separated), not "${process.argv[at + 1] ?? ''}"`);
  return new Set(wanted);
}

const loadAverage = () => loadavg().map((l) => l.toFixed(2)).join(', ');

async function main(): Promise<void> {
  const only = selectedScenarios();
  const { config, embedded, app, origin } = await startBenchApp(say);
  const servers: RawServer[] = [];
  const rows: Array<() => void> = [];
  const notes: Array<() => void> = [];
  try {
    say(`scenarios: ${[...only].join(', ')}; load generator: ${PLACEMENT === 'own-process' ? 'a process of its own' : "the benchmark's own process (--load in-process)"}; load average at the start: ${loadAverage()}`);
    const tenants: BenchTenant[] = [await createBenchTenant(app, 1)];
    const t = tenants[0]!;
    // the raw servers' tables; raw plans 1–64 for the plan-change measurement, 65–128 for its warm-up (preparing again
    // after the warm-up could meet its last requests)
    await prepareScratch(config.databaseUrl!, 128);
    if (only.has('reads')) {
      await reads(config.databaseUrl!, { size: POOL, idleTimeoutMs: config.database.poolIdleTimeoutMs }, app, origin, tenants, servers, rows, notes);
      // their pools keep idle connections as the application's do: closed before the plan change's servers open
      // theirs (a PostgreSQL with the default max_connections of 100 has room for four pools of 20, not six)
      await settle();
      for (const server of servers.splice(0)) await server.close();
    }
    if (only.has('plan-change')) await planChange({ owner: config.databaseUrl!, app: config.database.logins?.appUrl ?? config.databaseUrl!, limits: config.database }, origin, t, servers, rows, notes);

    say('');
    say('| run | req/s | p50 ms | p99 ms | × raw |');
    say('|---|---|---|---|---|');
    for (const print of rows) print();
    say('');
    for (const print of notes) print();
    say(`load average at the end: ${loadAverage()}`);
  } finally {
    await settle();
    for (const server of servers) await server.close();
    await closeBenchApp(app, embedded, say);
  }
}

/** The audited reads: (a) and (b), the household and plan reads at 64 and 16 connections, one municipality against four, one request at a time. */
async function reads(databaseUrl: string, rawPool: RawPool, app: Parameters<typeof createBenchTenant>[0], origin: string, tenants: BenchTenant[], servers: RawServer[], rows: Array<() => void>, notes: Array<() => void>): Promise<void> {
  say('setting up: four municipalities, one case each …');
  for (let i = tenants.length; i < 4; i++) tenants.push(await createBenchTenant(app, 1));
  const t = tenants[0]!;
  const cases: Array<{ tenant: BenchTenant; householdId: string; etag: string }> = [];
  for (const tenant of tenants) cases.push({ tenant, ...(await createCase(origin, tenant, cases.length)) });
  const first = cases[0]!;
  const auth = { authorization: `Bearer ${t.coordinator.token}` };
  const householdUrl = `${origin}/api/v1/households/${first.householdId}`;
  const planUrl = `${householdUrl}/plan`;
  const ref = { tenantId: t.tenantId, householdId: first.householdId, actorId: t.coordinator.id };
  const rawA = await rawAuditedRead(databaseUrl, ref, 'four-round-trips', rawPool);
  const rawB = await rawAuditedRead(databaseUrl, ref, 'one-statement', rawPool);
  servers.push(rawA, rawB);

  await analyze(databaseUrl);
  say('warming up …');
  for (const url of [rawA.url, rawB.url]) await warm({ url, connections: 16, duration: 2 });
  for (const url of [householdUrl, planUrl]) await warm({ url, connections: 16, duration: 2, headers: auth });

  say(`measuring the reads, ${SECONDS} s each …`);
  const a64 = await load('raw (a)', { url: rawA.url, connections: 64 });
  const b64 = await load('raw (b)', { url: rawB.url, connections: 64 });
  const h64 = await load('household', { url: householdUrl, connections: 64, headers: auth });
  const p64 = await load('plan', { url: planUrl, connections: 64, headers: auth });
  const a16 = await load('raw (a) 16', { url: rawA.url, connections: 16 });
  const h16 = await load('household 16', { url: householdUrl, connections: 16, headers: auth });
  const p16 = await load('plan 16', { url: planUrl, connections: 16, headers: auth });
  // one and four municipalities twice each, in the order one, four, four, one: a single 10 s run of each moved by up
  // to 15 % from the machine alone (stop 29: 0.86 and 1.11 on the same build and database), which is the width of the
  // target itself; a drift over the minute now weighs on both alike
  const oneMunicipality = () => load('one municipality', { url: householdUrl, connections: 64, headers: auth });
  const fourMunicipalities = () =>
    load('four municipalities', {
      url: origin,
      connections: 64,
      requests: cases.map((c) => ({ method: 'GET' as const, path: `/api/v1/households/${c.householdId}`, headers: { authorization: `Bearer ${c.tenant.coordinator.token}` } })),
    });
  const oneFirst = await oneMunicipality();
  const fourFirst = await fourMunicipalities();
  const fourSecond = await fourMunicipalities();
  const oneSecond = await oneMunicipality();
  const one = mean(oneFirst, oneSecond);
  const four = mean(fourFirst, fourSecond);
  const singleRaw = await single(rawA.url, {});
  const singleHousehold = await single(householdUrl, auth);
  const singlePlan = await single(planUrl, auth);

  rows.push(() => {
    row('raw (a): BEGIN; SELECT case; INSERT audit; COMMIT — 64 connections', a64, 1);
    row('raw (b): the same in one statement — 64 connections', b64, b64.rps / a64.rps);
    row('Eenplan GET /households/{id} — 64 connections', h64, h64.rps / a64.rps);
    row('Eenplan GET /households/{id}/plan — 64 connections', p64, p64.rps / a64.rps);
    row('raw (a) — 16 connections', a16, 1);
    row('Eenplan GET /households/{id} — 16 connections', h16, h16.rps / a16.rps);
    row('Eenplan GET /households/{id}/plan — 16 connections', p16, p16.rps / a16.rps);
    row('Eenplan GET /households/{id}, one municipality — 64 connections, mean of two runs', one);
    row('Eenplan GET /households/{id}, four municipalities interleaved — 64 connections, mean of two runs (× one)', four, four.rps / one.rps);
  });
  notes.push(() => {
    say('| one request at a time (300 sequential) | p50 ms | p99 ms |');
    say('|---|---|---|');
    say(`| raw (a) | ${singleRaw.p50.toFixed(2)} | ${singleRaw.p99.toFixed(2)} |`);
    say(`| Eenplan GET /households/{id} | ${singleHousehold.p50.toFixed(2)} | ${singleHousehold.p99.toFixed(2)} |`);
    say(`| Eenplan GET /households/{id}/plan | ${singlePlan.p50.toFixed(2)} | ${singlePlan.p99.toFixed(2)} |`);
    say('');
    say(`four municipalities / one: ${(four.rps / one.rps).toFixed(2)} (target within 10 %); each run (req/s): one ${oneFirst.rps.toFixed(0)} then ${oneSecond.rps.toFixed(0)}, four ${fourFirst.rps.toFixed(0)} then ${fourSecond.rps.toFixed(0)}`);
    say('');
    cpuTable('reads, 64 connections', [['raw (a)', a64], ['raw (b)', b64], ['Eenplan GET /households/{id}', h64], ['Eenplan GET /households/{id}/plan', p64]]);
  });
}

/**
 * The conditional plan change against the raw one (version-gated UPDATE, revision, outbox, audit in one transaction),
 * and against (c), Eenplan's own statements on its own schema without its node side (bench/raw-on-schema.ts).
 */
async function planChange(urls: { owner: string; app: string; limits: TimeLimits }, origin: string, t: BenchTenant, servers: RawServer[], rows: Array<() => void>, notes: Array<() => void>): Promise<void> {
  say('setting up: 64 cases with a plan action for the plan-change run, 64 for (c) …');
  const changeTargets = await planChangeTargets(origin, t, 64, 1000);
  // (c) takes `/{household}/{action}`; its own cases, so neither run meets the other's versions
  const schemaTargets = (await planChangeTargets(origin, t, 64, 2000)).map((target) => ({ path: `/${target.path.split('/')[4]}/${target.path.split('/')[7]}`, etag: target.etag }));
  const householdId = changeTargets[0]!.path.split('/')[4]!;
  const rawChange = await rawPlanChange(urls.owner, { tenantId: t.tenantId, householdId, actorId: t.coordinator.id }, { size: POOL, idleTimeoutMs: urls.limits.poolIdleTimeoutMs });
  const onSchema = await rawPlanChangeOnSchema(urls.owner, urls.app, { tenantId: t.tenantId, actorId: t.coordinator.id }, POOL, urls.limits);
  servers.push(rawChange, onSchema);
  const auth = { authorization: `Bearer ${t.coordinator.token}` };

  await analyze(urls.owner);
  say('warming up the plan change …');
  // sequential changes through the whole stack (pools, caches, prepared statements); the targets keep their new ETags
  await warmChanges(origin, changeTargets, t.coordinator.token);
  await warmChanges(onSchema.url.replace(/\/$/, ''), schemaTargets, t.coordinator.token);
  // then every server the same load for the same time, so the measured runs find each one's code optimised (V8 needs
  // thousands of calls; before stop 23 only raw got this, and Eenplan's first measured run was its warm-up: its second
  // run was 5–25 % faster in eight runs out of nine). Raw plans 65–128 here (preparing again after the warm-up could
  // meet its last requests), 1–64 for the runs; the cases' ETags are re-read before each run anyway.
  const warmUp = { connections: 64, duration: 3 };
  await warm({ ...warmUp, url: rawChange.url }, { targets: Array.from({ length: 64 }, (_, slot) => ({ path: `/${slot + 65}`, etag: '"1"' })), headers: {} });
  await warm({ ...warmUp, url: onSchema.url }, { targets: schemaTargets, headers: {} });
  await warm({ ...warmUp, url: origin }, { targets: changeTargets, headers: auth });

  // each server twice, in the order raw, (c), Eenplan, Eenplan, (c), raw: a drift of the machine over the minute
  // (the host's other load, its CPU budget) weighs on all three alike instead of on whichever runs last
  say(`measuring the plan change, ${SECONDS} s each, twice, in the order raw, (c), Eenplan, Eenplan, (c), raw …`);
  const rawTargets = Array.from({ length: 64 }, (_, slot) => ({ path: `/${slot + 1}`, etag: '"1"' }));
  const owner = new pg.Client({ connectionString: urls.owner });
  await owner.connect();
  // a run ends with changes in flight whose answers (and new ETags) it never reads: each run starts from the versions
  // the database holds once they have landed
  const versions = async (sql: string, keys: string[]) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return new Map((await owner.query<{ key: string; version: number }>(sql, [keys])).rows.map((r) => [r.key, `"${r.version}"`]));
  };
  const current = async (targets: ChangeTarget[], key: (path: string) => string, sql: string) => {
    const found = await versions(sql, targets.map((target) => key(target.path)));
    for (const target of targets) target.etag = found.get(key(target.path)) ?? target.etag;
  };
  const casePlans = 'SELECT household_id::text AS key, version FROM plan WHERE household_id = ANY($1::uuid[])';
  const run = {
    raw: async () => {
      await current(rawTargets, (path) => path.slice(1), 'SELECT id::text AS key, version FROM bench_raw_plan WHERE id = ANY($1::int[])');
      return load('raw plan change', { url: rawChange.url, connections: 64 }, { targets: rawTargets, headers: {} });
    },
    schema: async () => {
      await current(schemaTargets, (path) => path.split('/')[1]!, casePlans);
      return load('(c) plan change on the schema', { url: onSchema.url, connections: 64 }, { targets: schemaTargets, headers: {} });
    },
    change: async () => {
      await current(changeTargets, (path) => path.split('/')[4]!, casePlans);
      return load('plan change', { url: origin, connections: 64 }, { targets: changeTargets, headers: auth });
    },
  };
  const first = { raw: await run.raw(), schema: await run.schema(), change: await run.change() };
  const second = { change: await run.change(), schema: await run.schema(), raw: await run.raw() };
  await owner.end();
  const raw = mean(first.raw, second.raw);
  const schema = mean(first.schema, second.schema);
  const change = mean(first.change, second.change);
  rows.push(() => {
    row('raw plan change: conditional UPDATE, revision, outbox, audit — 64 connections, mean of two runs', raw, 1);
    row("(c) raw node:http + pg sending Eenplan's statements on its schema (row-level security, access check, foreign keys, triggers, snapshot) — 64 connections, mean of two runs", schema, schema.rps / raw.rps);
    row('Eenplan PATCH …/plan/actions/{id} with If-Match — 64 connections, mean of two runs', change, change.rps / raw.rps);
  });
  notes.push(() => {
    say(`plan change, each run (req/s): raw ${first.raw.rps.toFixed(0)} then ${second.raw.rps.toFixed(0)}, (c) ${first.schema.rps.toFixed(0)} then ${second.schema.rps.toFixed(0)}, Eenplan ${first.change.rps.toFixed(0)} then ${second.change.rps.toFixed(0)}`);
    say(`plan change: Eenplan / (c) = ${(change.rps / schema.rps).toFixed(2)} (the application's node side), (c) / raw = ${(schema.rps / raw.rps).toFixed(2)} (the schema and its SQL)\n`);
    cpuTable('plan change, mean of two runs', [['raw', raw], ['(c)', schema], ['Eenplan', change]]);
  });
}

/**
 * The set-up's tables with their statistics, as autovacuum would have them on a running database (pgbench analyses
 * after loading too): without, the planner guesses at tables it has never seen — and a server started with
 * `autovacuum = off` (as some test machines are) never looks. ANALYZE samples, so a large seeded database takes
 * seconds, not the minutes a VACUUM would.
 */
async function analyze(databaseUrl: string): Promise<void> {
  const owner = new pg.Client({ connectionString: databaseUrl });
  await owner.connect();
  try {
    await owner.query('ANALYZE');
  } finally {
    await owner.end();
  }
}

/**
 * autocannon stops at its deadline without waiting for the answers still on their way; closing a server or the app
 * under them makes TypeORM hand their connections back to the pool mid-transaction (node-postgres then warns of a
 * client given a query while busy). Let them finish first.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 3_000));

/** Two runs of one server as one figure: mean throughput and CPU, the worse of the two latencies. */
const mean = (a: Figure, b: Figure): Figure => ({ rps: (a.rps + b.rps) / 2, p50: Math.max(a.p50, b.p50), p99: Math.max(a.p99, b.p99), cpu: meanCpu(a.cpu, b.cpu) });

function meanCpu(a: CpuPerRequest, b: CpuPerRequest): CpuPerRequest {
  const both = (x?: number, y?: number) => (x === undefined || y === undefined ? undefined : (x + y) / 2);
  const postgresMs = both(a.postgresMs, b.postgresMs);
  const loaderMs = both(a.loaderMs, b.loaderMs);
  return { serverMs: (a.serverMs + b.serverMs) / 2, ...(postgresMs !== undefined && { postgresMs }), ...(loaderMs !== undefined && { loaderMs }) };
}

/**
 * The CPU each request cost, by who spent it (bench/cpu-meter.ts). On a machine whose cores are all busy, throughput
 * is bounded by cores ÷ the total; a server well below that bound is waiting on round trips, not on the CPU.
 */
function cpuTable(title: string, runs: Array<[string, Figure]>): void {
  const ms = (value?: number) => (value === undefined ? '–' : value.toFixed(2));
  say(`| ${title}: CPU per request, ms | server process | PostgreSQL | load generator | total |`);
  say('|---|---|---|---|---|');
  for (const [name, f] of runs) {
    const total = f.cpu.serverMs + (f.cpu.postgresMs ?? 0) + (f.cpu.loaderMs ?? 0);
    say(`| ${name} | ${ms(f.cpu.serverMs)} | ${ms(f.cpu.postgresMs)} | ${ms(f.cpu.loaderMs)} | ${ms(total)} |`);
  }
  say('');
}

/** Three rounds of sequential changes to every target (JIT, pools, caches, prepared statements); each keeps its new ETag. */
async function warmChanges(base: string, targets: ChangeTarget[], token: string): Promise<void> {
  for (let round = 0; round < 3; round++) {
    for (const target of targets) {
      const res = await http<unknown>(base, 'PATCH', target.path, token, { description: `Warm ${round}` }, { 'if-match': target.etag });
      if (res.status !== 200) throw new Error(`warm-up of ${base}: ${res.status}`);
      target.etag = res.etag!;
    }
  }
}

/** `count` cases of one municipality, each with a goal and an action the plan-change run edits. */
async function planChangeTargets(origin: string, t: BenchTenant, count: number, firstHouseNumber: number): Promise<ChangeTarget[]> {
  const targets = [];
  for (let i = 0; i < count; i++) {
    const { householdId, etag } = await createCase(origin, t, firstHouseNumber + i);
    const goal = await http<{ id: string }>(origin, 'POST', `/api/v1/households/${householdId}/plan/goals`, t.coordinator.token, { domainCode: 'finances', title: 'Schulden in beeld' }, { 'if-match': etag });
    const action = await http<{ id: string }>(origin, 'POST', `/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`, t.coordinator.token, { description: 'Stap 0', owner: { type: 'professional', id: t.coordinator.id } }, { 'if-match': goal.etag! });
    if (action.status !== 201) throw new Error(`set-up: action ${action.status}`);
    targets.push({ path: `/api/v1/households/${householdId}/plan/actions/${action.body.id}`, etag: action.etag! });
  }
  return targets;
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
