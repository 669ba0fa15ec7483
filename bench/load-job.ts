import type autocannon from 'autocannon';
import type { ChangeTarget } from './plan-change-request.js';

/**
 * One load of the API benchmark: autocannon's options without functions (they cross a process boundary as JSON),
 * and for the plan change the targets whose ETags the load follows and hands back.
 */
export interface LoadJob {
  options: Omit<autocannon.Options, 'requests' | 'setupClient' | 'verifyBody'> & { requests?: Array<Omit<autocannon.Request, 'setupRequest' | 'onResponse'>> };
  planChange?: { targets: ChangeTarget[]; headers: Record<string, string> };
}

export interface LoadOutcome {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  statusCodeStats: unknown;
  /** The requests answered (throughput × duration, as autocannon counts them). */
  requests: number;
  /** CPU time of the load generator's own process over the load, ms (not known when it runs in the benchmark's). */
  loaderCpuMs?: number;
  /** The plan change's targets with the ETags last seen. */
  targets?: ChangeTarget[];
}
