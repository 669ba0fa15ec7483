import autocannon from 'autocannon';
import type { LoadJob, LoadOutcome } from './load-job.js';
import { planChangeRequest } from './plan-change-request.js';

/**
 * The API benchmark's load generator in a process of its own (bench/load.ts starts it per load): a job as JSON on
 * stdin, its outcome as JSON on stdout. Kept out of the process that serves, so the load generator's own work does
 * not share the event loop of the server it measures.
 */
export async function runJob(job: LoadJob, ownProcess = false): Promise<LoadOutcome> {
  const { options, planChange } = job;
  const requests = planChange ? [planChangeRequest(planChange.targets, planChange.headers)] : options.requests;
  const cpu = process.cpuUsage();
  const result = await autocannon({ ...options, ...(requests ? { requests } : {}) } as autocannon.Options);
  const used = process.cpuUsage(cpu);
  return {
    requests: result.requests.total,
    ...(ownProcess && { loaderCpuMs: (used.user + used.system) / 1000 }),
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodeStats: result.statusCodeStats,
    ...(planChange ? { targets: planChange.targets } : {}),
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

if (process.argv[1]?.endsWith('load-process.js')) {
  readStdin()
    .then((text) => runJob(JSON.parse(text) as LoadJob, true))
    .then((outcome) => process.stdout.write(JSON.stringify(outcome)))
    .catch((error: unknown) => {
      process.stderr.write(`load failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
