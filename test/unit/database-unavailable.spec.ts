import { QueryFailedError } from 'typeorm';
import { classifyUnavailable } from '../../src/common/database-errors.js';
import { DatabaseTimeoutError } from '../../src/database/data-source-options.js';

const pgError = (code: string) => Object.assign(new Error('driver message that may quote values'), { code });
const queryFailed = (driver: Error) => new QueryFailedError('SELECT 1', [], driver);

describe('classifyUnavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['the client-side query bound', new DatabaseTimeoutError(7000)],
    ['a server shutting down, wrapped by TypeORM', queryFailed(pgError('57P01'))],
    ['a server starting up', pgError('57P03')],
    ['too many connections', pgError('53300')],
    ['a connection exception (class 08)', pgError('08006')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['a connection that ended', new Error('Connection terminated unexpectedly')],
  ])('calls %s an outage', (_label, error) => {
    expect(classifyUnavailable(error)?.kind).toBe('unavailable');
  });

  it('calls statement and lock timeouts slow, not an outage', () => {
    expect(classifyUnavailable(queryFailed(pgError('57014')))).toEqual({ kind: 'slow', reason: '57014' });
    expect(classifyUnavailable(queryFailed(pgError('55P03')))).toEqual({ kind: 'slow', reason: '55P03' });
  });

  it('leaves constraint violations, bad input and bugs alone', () => {
    for (const error of [queryFailed(pgError('23505')), queryFailed(pgError('22P02')), new TypeError('x is undefined'), 'text', undefined]) {
      expect(classifyUnavailable(error)).toBeUndefined();
    }
  });

  it('names the reason by code only, never by message (messages may quote values)', () => {
    expect(classifyUnavailable(queryFailed(pgError('57P01')))).toEqual({ kind: 'unavailable', reason: '57P01' });
  });
});
