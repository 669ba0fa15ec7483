import fc from 'fast-check';
import { decodeCursor, filledPage } from '../../src/common/pagination.js';

/** Rows 0..n-1 in order; `fetch` answers up to limit + 1 after the keyset position, as the repositories do. */
function source(n: number) {
  const rows = Array.from({ length: n }, (_, i) => i);
  let fetches = 0;
  return {
    fetch: (limit: number) => async (after: [number] | undefined) => {
      fetches++;
      return rows.filter((r) => after === undefined || r > after[0]).slice(0, limit + 1);
    },
    get fetches() {
      return fetches;
    },
  };
}

describe('pages of a list the reader sees only part of', () => {
  it('walk every visible row exactly once, in order, and are full whenever another page follows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 10 }), fc.func(fc.boolean()), async (n, limit, visibleOf) => {
        const visible = (r: number) => visibleOf(r);
        const { fetch } = source(n);
        const seen: number[] = [];
        let after: [number] | undefined;
        for (let guard = 0; guard < 100; guard++) {
          const page = await filledPage(limit, after, fetch(limit), (r): [number] => [r], (r) => (visible(r) ? r : null));
          seen.push(...page.items);
          if (page.nextCursor === null) break;
          expect(page.items).toHaveLength(limit);
          // a cursor only when a row the reader may see follows: never one that leads to an empty page
          expect(Array.from({ length: n }, (_, i) => i).some((r) => r > page.items.at(-1)! && visible(r))).toBe(true);
          after = decodeCursor(page.nextCursor, ['int']) as [number];
        }
        expect(seen).toEqual(Array.from({ length: n }, (_, i) => i).filter(visible));
      }),
    );
  });

  it('reads on past rows the reader may not see instead of answering a short page', async () => {
    const s = source(30);
    const page = await filledPage(5, undefined, s.fetch(5), (r): [number] => [r], (r) => (r % 3 === 0 ? r : null));
    expect(page.items).toEqual([0, 3, 6, 9, 12]);
    expect(page.nextCursor).not.toBeNull();
    // three reads of six rows: the page fills at 12, and 15 (in the third read) is a visible row that follows
    expect(s.fetches).toBe(3);
  });

  it('a full page whose next visible row is the extra row of the same read needs no second read', async () => {
    const s = source(30);
    const page = await filledPage(3, undefined, s.fetch(3), (r): [number] => [r], (r) => r);
    expect(page.items).toEqual([0, 1, 2]);
    expect(decodeCursor(page.nextCursor!, ['int'])).toEqual([2]);
    expect(s.fetches).toBe(1);
  });

  it('hands out no cursor when every row after a full page is hidden (it would tell that they exist)', async () => {
    const s = source(30);
    const page = await filledPage(2, undefined, s.fetch(2), (r): [number] => [r], (r) => (r < 2 ? r : null));
    expect(page).toEqual({ items: [0, 1], nextCursor: null });
  });
});
