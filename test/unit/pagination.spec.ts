import fc from 'fast-check';
import { DomainError } from '../../src/common/domain-error.js';
import { decodeCursor, encodeCursor, toPage, type CursorKey, type CursorPart } from '../../src/common/pagination.js';

// The keys we encode are stored names, ids, timestamps and integers; each cursor part is checked against its kind.
const storedText = fc.string({ unit: 'binary', maxLength: 300 }).filter((v) => !v.includes('\u0000') && !/[\uD800-\uDFFF]/.test(v.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')));
const typedPart = fc.oneof(
  storedText.map((v) => ['text', v] as const),
  fc.uuid().map((v) => ['uuid', v] as const),
  fc.integer().map((v) => ['int', v] as const),
  fc.maxSafeInteger().map((v) => ['bigint', v] as const),
  fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => ['timestamp', d.toISOString()] as const),
);
const typedKey = fc.array(typedPart, { minLength: 1, maxLength: 4 }).map((parts) => ({
  shape: parts.map(([kind]) => kind as CursorPart),
  key: parts.map(([, value]) => value) as CursorKey,
}));
const cursorKey = typedKey.map(({ key }) => key);
const anyShape = fc.array(fc.constantFrom<CursorPart>('text', 'uuid', 'int', 'bigint', 'timestamp'), { minLength: 1, maxLength: 4 });

function isInvalidCursor(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'INVALID_CURSOR' && error.status === 400;
}

describe('cursor pagination', () => {
  it('decodes every cursor it encodes back to the same key', () => {
    fc.assert(
      fc.property(typedKey, ({ shape, key }) => {
        const cursor = encodeCursor(key);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeCursor(cursor, shape)).toEqual(key);
      }),
    );
  });

  it('answers any other string with a valid key or INVALID_CURSOR, never another error', () => {
    const anyCursor = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.base64String(),
      fc.json().map((json) => Buffer.from(json).toString('base64url')),
      cursorKey.map(encodeCursor).map((c) => c.slice(0, Math.max(0, c.length - 3))),
    );
    fc.assert(
      fc.property(anyCursor, anyShape, (cursor, shape) => {
        const arity = shape.length;
        let key: CursorKey | undefined;
        try {
          key = decodeCursor(cursor, shape);
        } catch (error) {
          expect(isInvalidCursor(error)).toBe(true);
          return;
        }
        expect(Array.isArray(key)).toBe(true);
        expect(key).toHaveLength(arity);
        for (const part of key!) expect(['string', 'number']).toContain(typeof part);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a cursor with the wrong number of key parts', () => {
    expect(() => decodeCursor(encodeCursor(['name', 'id']), ['text', 'text', 'text'])).toThrow(DomainError);
  });

  it('refuses an edited cursor whose parts have the wrong kind (a 400, not a database error)', () => {
    const id = '6f1c1c8e-8d1e-4f57-9a43-0c0b7a3f5d11';
    expect(decodeCursor(encodeCursor(['2026-01-01T00:00:00.000Z', id]), ['timestamp', 'uuid'])).toEqual(['2026-01-01T00:00:00.000Z', id]);
    for (const key of [['a', 'not-a-uuid'], [1, 2], ['2026-13-45T99:00:00Z', id], ['x'.repeat(301), id]]) {
      expect(() => decodeCursor(encodeCursor(key), ['timestamp', 'uuid'])).toThrow(DomainError);
    }
    expect(() => decodeCursor(encodeCursor([1.5]), ['int'])).toThrow(DomainError);
  });

  it('refuses a part PostgreSQL would refuse for its column (an outside fuzzer found each as a 500 or a 422)', () => {
    const id = '6f1c1c8e-8d1e-4f57-9a43-0c0b7a3f5d11';
    // text with NUL or an unpaired surrogate
    for (const text of ['a\u0000', '\ud800', 'x\udc00y']) expect(() => decodeCursor(encodeCursor([text, id]), ['text', 'uuid'])).toThrow(DomainError);
    expect(decodeCursor(encodeCursor(['Zoë 😀', id]), ['text', 'uuid'])).toEqual(['Zoë 😀', id]);
    // year 0, a day the month lacks, a form toISOString never gives
    for (const at of ['0000-01-01T00:00:00.000Z', '2026-02-30T00:00:00.000Z', '2026-01-01T00:00:00Z', '2026-01-01T24:00:00.000Z']) {
      expect(() => decodeCursor(encodeCursor([at, id]), ['timestamp', 'uuid'])).toThrow(DomainError);
    }
    expect(decodeCursor(encodeCursor(['0001-01-01T00:00:00.000Z', id]), ['timestamp', 'uuid'])).toEqual(['0001-01-01T00:00:00.000Z', id]);
    // int is an int4 column; bigint a bigint one, within safe integers
    expect(decodeCursor(encodeCursor([2 ** 31 - 1]), ['int'])).toEqual([2 ** 31 - 1]);
    expect(decodeCursor(encodeCursor([-(2 ** 31)]), ['int'])).toEqual([-(2 ** 31)]);
    for (const n of [2 ** 31, -(2 ** 31) - 1]) expect(() => decodeCursor(encodeCursor([n]), ['int'])).toThrow(DomainError);
    expect(decodeCursor(encodeCursor([2 ** 31]), ['bigint'])).toEqual([2 ** 31]);
    expect(() => decodeCursor(encodeCursor([2 ** 53]), ['bigint'])).toThrow(DomainError);
  });

  it('names the cursor field in the error', () => {
    try {
      decodeCursor('%%%', ['text', 'uuid']);
      throw new Error('expected INVALID_CURSOR');
    } catch (error) {
      expect(isInvalidCursor(error)).toBe(true);
      expect((error as DomainError).extensions).toEqual({ errors: [{ field: 'cursor', messages: [{ nl: expect.any(String), en: expect.any(String) }] }] });
    }
  });

  it('treats a missing cursor as the first page', () => {
    expect(decodeCursor(undefined, ['text', 'uuid'])).toBeUndefined();
  });

  it('hands out a next cursor only when there are more rows than the limit', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = toPage(rows, 2, (r) => [r.id], (r) => r.id);
    expect(page.items).toEqual(['a', 'b']);
    expect(decodeCursor(page.nextCursor!, ['text'])).toEqual(['b']);
    expect(toPage(rows, 3, (r) => [r.id], (r) => r.id).nextCursor).toBeNull();
  });
});
