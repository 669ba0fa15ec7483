import fc from 'fast-check';
import pg from 'pg';
import { sqlLiteral } from '../../src/database/sql-literal.js';

/**
 * `sqlLiteral` skips node-postgres's `escapeLiteral` loop for text without quotes or backslashes; whatever the text,
 * the literal must be exactly the one `escapeLiteral` writes (what PostgreSQL reads back is tested against the server
 * in test/integration/sql-literal.int-spec.ts).
 */
const tricky = fc.constantFrom("'", "''", '\\', "\\'", '"', '$$', 'E', ' ', '{', '}', ',');
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.array(fc.oneof(tricky, fc.string({ maxLength: 4 })), { maxLength: 8 }).map((parts) => parts.join('')));

it('writes the literal escapeLiteral writes, for any text', () => {
  fc.assert(
    fc.property(anyText, (text) => {
      expect(sqlLiteral(text)).toBe(pg.escapeLiteral(text));
    }),
    { numRuns: 2000 },
  );
});

it('a value with a quote or a backslash still goes through escapeLiteral (E-string for a backslash)', () => {
  expect(sqlLiteral("O'Brien")).toBe("'O''Brien'");
  expect(sqlLiteral('a\\b')).toBe(" E'a\\\\b'");
  expect(sqlLiteral(['a\\b'])).toBe(pg.escapeLiteral('{"a\\\\b"}'));
  expect(sqlLiteral(new Date('2026-12-03T07:32:34.775Z'))).toBe("'2026-12-03T07:32:34.775Z'");
});
