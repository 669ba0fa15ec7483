/** One soak sample; `t` is seconds since the load started. */
export interface Sample {
  t: number;
  rssMb: number;
  heapMb: number;
  loopP99Ms: number;
  loopMaxMs: number;
  apiPoolTotal: number;
  apiPoolWaiting: number;
  workerPoolTotal: number;
  connections: number;
  queueDepth: number;
  outboxUndispatched: number;
  outboxLagS: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  errors: number;
  webhooks: number;
}

/** Least-squares slope of `key` over time, per hour; 0 with fewer than two distinct times. */
export function slopePerHour<K extends string>(samples: ReadonlyArray<{ t: number } & Record<K, number>>, key: K): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mt = samples.reduce((a, s) => a + s.t, 0) / n;
  const my = samples.reduce((a, s) => a + s[key], 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.t - mt) * (s[key] - my);
    den += (s.t - mt) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 3600;
}
