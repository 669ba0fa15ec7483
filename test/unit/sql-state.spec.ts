import { QueryFailedError } from 'typeorm';
import { sqlState } from '../../src/common/sql-state.js';

describe('sqlState', () => {
  it('reads the SQLSTATE from a node-postgres error and from the error TypeORM wraps around one', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    expect(sqlState(driverError)).toBe('23505');
    expect(sqlState(new QueryFailedError('INSERT …', [], driverError))).toBe('23505');
    expect(sqlState({ driverError: { code: '55P03' } })).toBe('55P03');
  });

  it('is undefined for anything that carries no SQLSTATE', () => {
    for (const value of [new Error('boom'), undefined, null, 'text', { code: 42 }, { driverError: null }]) expect(sqlState(value)).toBeUndefined();
  });
});
