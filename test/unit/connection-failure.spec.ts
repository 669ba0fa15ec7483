import { connectionFailure } from '../../src/database/connection-failure.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('connectionFailure: one line for an operator when the database cannot be used at start', () => {
  it.each([
    ['28P01', 'password authentication failed for user "eenplan"', 'the password was refused'],
    ['28000', 'role "nobody" does not exist', 'the role may not log in'],
    ['3D000', 'database "x" does not exist', 'the database does not exist'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432', 'it cannot be reached (ECONNREFUSED)'],
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND db.internal', 'it cannot be reached (ENOTFOUND)'],
  ])('%s', (code, message, reason) => {
    const line = connectionFailure(pgError(code, message))!;
    expect(line).toContain(reason);
    expect(line).toContain(message);
    expect(line).toContain('Check DATABASE_URL');
  });

  it('never repeats a URL the message may quote (it may hold a password)', () => {
    const line = connectionFailure(pgError('ECONNREFUSED', 'could not connect to postgresql://eenplan:secret@db:5432/eenplan'))!;
    expect(line).not.toContain('secret');
    expect(line).toContain('<url>');
  });

  it('is undefined for any other failure, which keeps its own report', () => {
    expect(connectionFailure(new Error('something else'))).toBeUndefined();
    expect(connectionFailure(pgError('23505', 'duplicate key'))).toBeUndefined();
    expect(connectionFailure(undefined)).toBeUndefined();
  });
});
