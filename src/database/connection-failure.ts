import { sqlState } from '../common/sql-state.js';

/** SQLSTATEs of a connection PostgreSQL refused, and what to check for each. */
const REFUSED: Record<string, string> = {
  '28P01': 'the password was refused',
  '28000': 'the role may not log in (does it exist?)',
  '3D000': 'the database does not exist',
  '57P03': 'the server is starting up or shutting down',
  '53300': 'the server has no connection slots left',
};

/** Network errors of a connection that never reached PostgreSQL. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET']);

/**
 * One line for an operator when the start fails because the database cannot be reached or refuses the login — what
 * went wrong and which setting to check — instead of the driver's stack trace. Never the URL itself (it may hold a
 * password). Undefined for any other failure.
 */
export function connectionFailure(error: unknown): string | undefined {
  const code = sqlState(error);
  const reason = code === undefined ? undefined : (REFUSED[code] ?? (UNREACHABLE.has(code) ? `it cannot be reached (${code})` : undefined));
  if (reason === undefined) return undefined;
  const message = error instanceof Error ? error.message.replace(/postgres(ql)?:\/\/\S+/gi, '<url>') : '';
  return `Eenplan failed to start: the database refused or could not be reached: ${reason}${message ? ` — ${message}` : ''}. Check DATABASE_URL (and MIGRATION_DATABASE_URL, DATABASE_WORKER_URL and the DATABASE_*_PASSWORD settings when set).`;
}
