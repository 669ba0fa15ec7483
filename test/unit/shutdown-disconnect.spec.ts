import { isShutdownDisconnect } from '../../src/database/shutdown-disconnect.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('which errors during shutdown are the database ending its connections', () => {
  it('the server shutting down (57P01–57P03), a reset socket, a connection terminated', () => {
    for (const error of [
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('terminating connection due to crash of another server process', '57P02'),
      withCode('the database system is shutting down', '57P03'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated'),
    ]) {
      expect(isShutdownDisconnect(error)).toBe(true);
    }
  });

  it('anything else is not: a constraint, a programming error, a thrown string', () => {
    expect(isShutdownDisconnect(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isShutdownDisconnect(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isShutdownDisconnect(new Error('Connection terminated by the queue, then something else'))).toBe(false);
    expect(isShutdownDisconnect('57P01')).toBe(false);
  });
});
