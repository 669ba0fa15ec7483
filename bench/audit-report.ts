import type { DataSource } from 'typeorm';
import { TokenService } from '../src/auth/token.service.js';
import { WORKER_DATA_SOURCE } from '../src/database/transaction-host.js';
import { closeBenchApp, percentile, startBenchApp } from './bench-setup.js';

/**
 * npm run bench:audit-report — the citizen's access report (GET /households/{id}/access-report?memberId=…) as a
 * supervisor, on a database loaded with `npm run seed -- --households N --audit-events M` (tenant slug
 * BENCH_TENANT, default `synthetic`): the seed's busy household (one event in a thousand) and BENCH_HOUSEHOLDS
 * ordinary ones, BENCH_REQUESTS sequential requests each. Reports p50/p95/max per kind, and the table's size.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 50);
const say = (message: string) => process.stdout.write(`${message}\n`);

async function main(): Promise<void> {
  const { embedded, app, origin } = await startBenchApp(say);
  try {
    const db = app.get<DataSource>(WORKER_DATA_SOURCE);
    const [tenant] = await db.query<Array<{ id: string }>>('SELECT id FROM tenant WHERE slug = $1', [process.env.BENCH_TENANT ?? 'synthetic']);
    if (!tenant) throw new Error('no seeded tenant: run npm run seed -- --households N --audit-events M first');
    const [supervisor] = await db.query<Array<{ auth_subject: string }>>(
      `SELECT auth_subject FROM professional WHERE tenant_id = $1 AND 'supervisor' = ANY (roles) AND active LIMIT 1`,
      [tenant.id],
    );
    const token = await app.get(TokenService).signDevToken(supervisor!.auth_subject);
    const households = await db.query<Array<{ id: string; member_id: string }>>(
      `SELECT h.id, (SELECT m.id FROM member m WHERE m.household_id = h.id ORDER BY m.id LIMIT 1) AS member_id
       FROM household h WHERE h.tenant_id = $1 ORDER BY h.id LIMIT $2`,
      [tenant.id, HOUSEHOLDS + 1],
    );
    const [{ events }] = await db.query<[{ events: string }]>('SELECT count(*) AS events FROM audit_event');
    const [{ hot }] = await db.query<[{ hot: string }]>('SELECT count(*) AS hot FROM audit_event WHERE tenant_id = $1 AND household_id = $2', [tenant.id, households[0]!.id]);
    say(`audit_event: ${events} rows; the busy household has ${hot} events`);

    const measure = async (label: string, targets: Array<{ id: string; member_id: string }>) => {
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const h = targets[i % targets.length]!;
        const started = performance.now();
        const response = await fetch(`${origin}/api/v1/households/${h.id}/access-report?memberId=${h.member_id}`, { headers: { authorization: `Bearer ${token}` } });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`access report answered ${response.status}`);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      say(`| ${label} | ${REQUESTS} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${times[times.length - 1]!.toFixed(1)} |`);
    };
    say('');
    say('| access report of one member | requests | p50 ms | p95 ms | max ms |');
    say('|---|---|---|---|---|');
    await measure(`busy household (${hot} events)`, households.slice(0, 1));
    await measure(`${HOUSEHOLDS} ordinary households`, households.slice(1));
  } finally {
    await closeBenchApp(app, embedded, say);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
