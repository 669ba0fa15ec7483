/**
 * Errors that mean "the database ended this connection because it is shutting down" (SQLSTATE class 57P:
 * admin_shutdown, crash_shutdown, cannot_connect_now) or that the socket went away under it. While the process
 * stops they are expected — with Ctrl-C a terminal signals the embedded PostgreSQL too (one process group), so it
 * ends every connection while the application is closing them — not a reason to crash.
 */
const SHUTDOWN_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNRESET', 'EPIPE']);
const SHUTDOWN_MESSAGES = /^Connection terminated( unexpectedly)?$/;

export function isShutdownDisconnect(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && SHUTDOWN_CODES.has(code)) || SHUTDOWN_MESSAGES.test(error.message);
}
