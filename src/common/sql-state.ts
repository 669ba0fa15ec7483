/**
 * The SQLSTATE of a database error, whether node-postgres threw it (`code`) or TypeORM wrapped it
 * (`driverError.code`); undefined for anything else. Logs carry this, never the message: a message may quote values.
 */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null | undefined;
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}
