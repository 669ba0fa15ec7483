import autocannon from 'autocannon';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { AuditInterceptor } from '../src/audit/audit.interceptor.js';
import { AuditSealer } from '../src/audit/audit-sealer.service.js';
import { WORKER_DATA_SOURCE } from '../src/database/transaction-host.js';
import { createBenchTenant, createCase, startBenchApp } from './bench-setup.js';

/**
 * npm run bench:audit — the cost of the audit trail on GET /api/v1/households/{id} (read + legal-basis lookup +
 * one INSERT of the events just before commit; no lock shared between requests since audit v2):
 *   1. audit off (the audit interceptor patched to pass through, in this process only), 1 tenant;
 *   2. audit on, 1 tenant;
 *   3. audit on, several tenants.
 * The sealer runs alongside, every AUDIT_SEAL_EVERY_MS, as on a worker; afterwards the seal lag of every event
 * written during the audited runs (checkpoint time minus the event's recorded_at) is reported, p50/p99/max.
 * Same app, same connections, same run.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TENANTS = Number(process.env.BENCH_TENANTS ?? 4);
const say = (message: string) => process.stdout.write(`${message}\n`);

interface Target {
  path: string;
  token: string;
}

async function load(base: string, targets: Target[], duration = SECONDS, connections = CONNECTIONS) {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const target = targets[next++ % targets.length]!;
          return { ...request, path: target.path, headers: { authorization: `Bearer ${target.token}` } };
        },
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p90: result.latency.p90, p97_5: result.latency.p97_5, p99: result.latency.p99 };
}

async function main(): Promise<void> {
  const { embedded, app, origin, config } = await startBenchApp(say);
  // the sealer as a worker runs it (the bench app serves the API only): one round every AUDIT_SEAL_EVERY_MS
  const sealer = app.get(AuditSealer);
  let sealing = true;
  const sealerLoop = (async () => {
    while (sealing) {
      await sealer.sealNow().catch((error: unknown) => say(`sealing failed: ${String(error)}`));
      await new Promise((resolve) => setTimeout(resolve, config.audit.sealEveryMs));
    }
  })();
  const db = app.get<DataSource>(WORKER_DATA_SOURCE);
  const [{ since }] = await db.query<[{ since: Date }]>('SELECT clock_timestamp() AS since');
  const base = origin;
  const targets: Target[] = [];
  for (let i = 0; i < TENANTS; i++) {
    const tenant = await createBenchTenant(app, 1);
    const { householdId } = await createCase(base, tenant, i + 1);
    targets.push({ path: `/api/v1/households/${householdId}`, token: tenant.coordinator.token });
  }
  // "audit off": the audit interceptor passes straight through (in this process only; no switch in the product)
  let auditOn = true;
  const audited = Reflect.get(AuditInterceptor.prototype, 'intercept') as (this: AuditInterceptor, e: ExecutionContext, n: CallHandler) => Observable<unknown>;
  AuditInterceptor.prototype.intercept = function (this: AuditInterceptor, execution: ExecutionContext, next: CallHandler) {
    return auditOn ? audited.call(this, execution, next) : next.handle();
  };
  const rows: string[] = [];
  const row = (label: string, r: Awaited<ReturnType<typeof load>>) =>
    rows.push(`| ${label} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p90} | ${r.p97_5} | ${r.p99} |`);
  try {
    say('warming up …');
    await load(base, targets, 3, 10);

    auditOn = false;
    say(`audit off, 1 tenant, ${CONNECTIONS} connections, ${SECONDS} s …`);
    row('audit off, 1 tenant', await load(base, targets.slice(0, 1)));
    auditOn = true;

    say(`audit on, 1 tenant …`);
    row('audit on, 1 tenant', await load(base, targets.slice(0, 1)));
    say(`audit on, ${TENANTS} tenants …`);
    row(`audit on, ${TENANTS} tenants`, await load(base, targets));

    auditOn = false;
    say(`audit off, ${TENANTS} tenants …`);
    row(`audit off, ${TENANTS} tenants`, await load(base, targets));
    auditOn = true;

    say('');
    say(`GET /api/v1/households/{id} as the coordinator, ${CONNECTIONS} connections, ${SECONDS} s each`);
    say('');
    say('| run | req/s | p50 ms | p90 ms | p97.5 ms | p99 ms |');
    say('|---|---|---|---|---|---|');
    for (const line of rows) say(line);

    // let the sealer catch up, then: how long each event waited for its seal
    sealing = false;
    await sealerLoop;
    await sealer.sealNow();
    const [lag] = await db.query<Array<{ events: number; p50: number; p99: number; max: number }>>(
      `SELECT count(*)::int AS events,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.sealed_at - e.recorded_at)) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM c.sealed_at - e.recorded_at)) AS p99,
              max(extract(epoch FROM c.sealed_at - e.recorded_at)) AS max
       FROM audit_event e
       JOIN audit_seal s ON s.seq = e.seq AND s.recorded_at = e.recorded_at
       JOIN audit_checkpoint c ON c.tenant_id = s.tenant_id AND c.number = s.batch
        AND c.segment = date_trunc('month', s.recorded_at AT TIME ZONE 'UTC')::date
       WHERE e.recorded_at >= $1`,
      [since],
    );
    say('');
    say(`seal lag (checkpoint time − recorded_at) of the ${lag!.events} events written, sealer every ${config.audit.sealEveryMs} ms:`);
    say(`p50 ${(lag!.p50 * 1000).toFixed(0)} ms, p99 ${(lag!.p99 * 1000).toFixed(0)} ms, max ${(lag!.max * 1000).toFixed(0)} ms`);
  } finally {
    sealing = false;
    auditOn = true;
    await app.close();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
