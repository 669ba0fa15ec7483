/**
 * Whether this process is shutting down (a signal arrived). Connections that end then are expected — on a
 * developer's Ctrl-C the terminal signals the embedded PostgreSQL too, which ends every connection at once — so the
 * code that watches connections says so at debug level instead of warning about an outage that is none. Process
 * state, not a feature's: set once by the entry point, read anywhere.
 */
let stopping = false;

export function markProcessStopping(): void {
  stopping = true;
}

export function processStopping(): boolean {
  return stopping;
}

/** What `warnUnlessStopping` logs with: Nest's Logger and pino both fit. */
interface WarnLogger {
  warn(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

/** What `logAfterGrace` logs with. */
interface InfoLogger {
  log(fields: object, message: string): void;
}

/** The grace `warnUnlessStopping` waits before it warns. */
const GRACE_MS = 500;

/**
 * Warns about a lost connection — unless the process turns out to be stopping. The terminal's Ctrl-C reaches the
 * embedded PostgreSQL as early as it reaches this process, and the database's "terminating connection" often
 * arrives before the signal handler has run; so the warning waits `graceMs` to see whether a stop follows (the timer
 * does not hold the process open).
 */
export function warnUnlessStopping(logger: WarnLogger, fields: object, message: string, graceMs = GRACE_MS): void {
  if (stopping) {
    logger.debug(fields, `${message} (the process is stopping)`);
    return;
  }
  setTimeout(() => (stopping ? logger.debug(fields, `${message} (the process is stopping)`) : logger.warn(fields, message)), graceMs).unref();
}

/**
 * Says a lost connection is back — after the same grace as its warning, so the log reads "lost" before "back" even
 * when the reconnect took less than the grace (an alert on "lost without a following back" fired on healthy
 * replicas). Nothing when the process is stopping by then.
 */
export function logAfterGrace(logger: InfoLogger, fields: object, message: string, graceMs = GRACE_MS): void {
  setTimeout(() => {
    if (!stopping) logger.log(fields, message);
  }, graceMs).unref();
}
