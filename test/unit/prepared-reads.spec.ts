import fc from 'fast-check';
import { AccessRepository } from '../../src/access/access.repository.js';
import type { Actor } from '../../src/common/request-context.js';
import { ROLES, type Role } from '../../src/common/roles.js';
import type { TransactionHost } from '../../src/database/transaction-host.js';
import { PreparedTexts, preparedStatement, statementValues } from '../../src/database/prepared-statement.js';

/**
 * The household and plan reads are prepared once per shape of reader (AccessRepository.readShape) and reused for
 * every later reader of that shape: two readers of one shape must get exactly the same SQL, or one would be judged
 * by another's rule.
 */

const access = new AccessRepository(undefined as unknown as TransactionHost);

const actor = fc.record({
  kind: fc.constantFrom<Actor['kind']>('professional', 'client'),
  professionalId: fc.uuid(),
  tenantId: fc.uuid(),
  organisationId: fc.uuid(),
  roles: fc.subarray<Role>([...ROLES], { minLength: 1 }),
});

const sqlOf = (a: Actor) =>
  JSON.stringify([access.visibleHouseholds(a, 'h', '2026-12-03').sql, access.basisColumns(a, 'h'), access.singleRead(a, 'h'), access.singleRead(a, 'h', { activeCoordinator: true })]);

describe('reads prepared per shape of reader', () => {
  it('give two readers of the same shape the same SQL, and readers of different shapes different SQL', () => {
    fc.assert(
      fc.property(actor, actor, (a, b) => {
        expect(access.readShape(a) === access.readShape(b)).toBe(sqlOf(a) === sqlOf(b));
      }),
      { numRuns: 1000 },
    );
  });

  it('numbers named parameters in order of first use and leaves casts and times alone', () => {
    const statement = preparedStatement('t', `SELECT '[]'::json, :a, CAST(:b AS date), :a, '12:30' WHERE x = :c_1`);
    expect(statement.text).toBe(`SELECT '[]'::json, $1, CAST($2 AS date), $1, '12:30' WHERE x = $3`);
    expect(statement.parameters).toEqual(['a', 'b', 'c_1']);
    expect(statementValues(statement, { a: 1, b: undefined, c_1: 'x' })).toEqual([1, null, 'x']);
    expect(() => statementValues(statement, { a: 1, b: 2 })).toThrow(/no value for parameter c_1/);
  });

  it('names different texts differently', () => {
    expect(preparedStatement('t', 'SELECT :a').name).not.toBe(preparedStatement('t', 'SELECT :a + 1').name);
    expect(preparedStatement('t', 'SELECT :a').name).toBe(preparedStatement('t', 'SELECT :a').name);
  });

  it('names per-request texts by their content, and only as many as the limit allows', () => {
    const texts = new PreparedTexts('change', 2);
    const first = texts.name('UPDATE a SET x = $1');
    expect(first).toMatch(/^change_[0-9a-f]{16}$/);
    expect(texts.name('UPDATE a SET x = $1')).toBe(first);
    const second = texts.name('UPDATE a SET y = $1');
    expect(second).not.toBe(first);
    // past the limit a new shape runs unnamed; the shapes already named keep their names
    expect(texts.name('UPDATE a SET z = $1')).toBeUndefined();
    expect(texts.name('UPDATE a SET y = $1')).toBe(second);
  });
});
