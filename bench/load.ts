import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadJob, LoadOutcome } from './load-job.js';
import { runJob } from './load-process.js';

/**
 * Where the API benchmark's load generator runs. By default in a process of its own, as a load generator on another
 * machine or a wrk would: autocannon's client side (building requests, parsing answers, its histograms) then does not
 * take turns on the event loop of the server it measures. Before stop 28 it ran in the benchmark's own process, on
 * the same thread as the application and the raw servers; `--load in-process` keeps that method, to compare.
 */
export type LoadPlacement = 'own-process' | 'in-process';

export function loadPlacement(argv: readonly string[]): LoadPlacement {
  const at = argv.indexOf('--load');
  if (at === -1) return 'own-process';
  const value = argv[at + 1];
  if (value !== 'own-process' && value !== 'in-process') throw new Error(`--load takes own-process or in-process, not "${value ?? ''}"`);
  return value;
}

const LOAD_PROCESS = fileURLToPath(new URL('./load-process.js', import.meta.url));

export async function runLoad(job: LoadJob, placement: LoadPlacement): Promise<LoadOutcome> {
  const outcome = placement === 'in-process' ? await runJob(job) : await inOwnProcess(job);
  // the plan change's ETags come back as the load left them, for the next run on the same targets
  if (job.planChange && outcome.targets) outcome.targets.forEach((target, i) => (job.planChange!.targets[i]!.etag = target.etag));
  return outcome;
}

function inOwnProcess(job: LoadJob): Promise<LoadOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOAD_PROCESS], { stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the load process ended with ${code}`));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as LoadOutcome);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.stdin.end(JSON.stringify(job));
  });
}
