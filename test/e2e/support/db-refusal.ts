import { QueryFailedError } from 'typeorm';

/**
 * Awaits a statement the database must refuse and returns PostgreSQL's reason (SQLSTATE `code` and the `constraint`
 * named), so a test can say which rule of the schema held; fails the test when the statement went through.
 */
export async function dbRefusal(work: Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  try {
    await work;
  } catch (error) {
    expect(error).toBeInstanceOf(QueryFailedError);
    return (error as QueryFailedError & { driverError: { code?: string; constraint?: string } }).driverError;
  }
  throw new Error('expected the database to refuse');
}
