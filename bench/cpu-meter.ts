import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent during a load, per request, split by who spent it: the benchmark process (the server under test —
 * the application or a raw server; whichever is under load), PostgreSQL (every process of the machine named
 * `postgres`: its backends and its background workers, the machine's server or the embedded one) and the load
 * generator (its own process reports its own). Throughput on a machine with two cores follows the sum when the
 * machine is busy and the round-trip latency when it is not, so this says which of the two a figure measures.
 * Read from /proc (Linux); elsewhere PostgreSQL's share is not known.
 */
export interface CpuPerRequest {
  serverMs: number;
  postgresMs?: number;
  loaderMs?: number;
}

/** Clock ticks per second of /proc/<pid>/stat's times: 100 on every Linux this runs on (USER_HZ). */
const TICKS_PER_SECOND = 100;

function postgresTicks(): Map<string, number> | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const ticks = new Map<string, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12])); // utime, stime
    } catch {
      // the process ended between the listing and the read
    }
  }
  return ticks;
}

export interface CpuMeter {
  /** Per request over `requests` requests; `loaderMs` is the load generator's own figure for the whole load. */
  stop(requests: number, loaderMs?: number): CpuPerRequest;
}

export function startCpuMeter(): CpuMeter {
  const self = process.cpuUsage();
  const postgres = postgresTicks();
  return {
    stop(requests, loaderMs) {
      const used = process.cpuUsage(self);
      const after = postgresTicks();
      const per = (ms: number) => ms / Math.max(1, requests);
      let postgresMs: number | undefined;
      if (postgres && after) {
        let ticks = 0;
        // a backend that started during the load counts from zero; one that ended is not seen (its time is lost)
        for (const [pid, total] of after) ticks += total - (postgres.get(pid) ?? 0);
        postgresMs = per((ticks * 1000) / TICKS_PER_SECOND);
      }
      return {
        serverMs: per((used.user + used.system) / 1000),
        ...(postgresMs !== undefined && { postgresMs }),
        ...(loaderMs !== undefined && { loaderMs: per(loaderMs) }),
      };
    },
  };
}
