import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Which Node.js runs a benchmark, and whether it is the one the project pins (`devDependencies.node`, which
 * `npm run …` puts first on `PATH`). Started as `node dist/bench/….js` from a shell, a benchmark may run on the
 * machine's own Node instead — measured on one machine: the plan change 0.37× raw on Node 20 against 0.44× on the
 * pinned Node 24 (Node 20's `AsyncLocalStorage` still runs promise hooks; docs/benchmarks.md, stop 31) — so the
 * first line of every benchmark names the runtime, and says so loudly when it is not the pinned one.
 */
export function runtimeLine(running: string, pinned: string | undefined): string {
  const wanted = pinned?.match(/\d+/)?.[0];
  const major = running.replace(/^v/, '').split('.')[0];
  if (wanted === undefined) return `runtime: Node ${running}`;
  if (major === wanted) return `runtime: Node ${running} (pinned: ${pinned})`;
  return `WARNING: Node ${running} runs this benchmark, not the pinned Node ${pinned}: its figures do not compare with docs/benchmarks.md — run it with npm run (which uses node_modules/.bin/node)`;
}

/** The pinned Node.js range from the project's package.json (found above this file, in `bench/` or `dist/bench/`). */
export function pinnedNode(from = path.dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { devDependencies?: Record<string, string> }).devDependencies?.node;
    if (path.dirname(dir) === dir) return undefined;
  }
}
