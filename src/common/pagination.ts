import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { CommonErrors } from './domain-error.js';
import { isStorableText } from './text-safety.js';
import { IsOptional } from './validators.js';

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25, description: 'Items per page.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset position: the sort values of the last item seen (e.g. created_at and id). */
export type CursorKey = Array<string | number>;

/** What each part of a cursor must be, so an edited cursor is a 400, never a database error. */
export type CursorPart = 'uuid' | 'timestamp' | 'text' | 'int' | 'bigint';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT4_MAX = 2 ** 31 - 1;
// Each part is checked against what PostgreSQL takes for its column, so a forged cursor is a 400, never a database
// error: a key's text is stored text (no NUL, no lone surrogate), a timestamp is one `instantKey` gave (year 1 on, to
// the millisecond or the microsecond),
// `int` an int4 column and `bigint` a bigint one (within JavaScript's safe integers).
const PART_CHECKS: Record<CursorPart, (value: unknown) => boolean> = {
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  timestamp: (v) => typeof v === 'string' && isIsoInstant(v),
  text: (v) => typeof v === 'string' && v.length <= 300 && isStorableText(v),
  int: (v) => typeof v === 'number' && Number.isInteger(v) && v >= -INT4_MAX - 1 && v <= INT4_MAX,
  bigint: (v) => typeof v === 'number' && Number.isSafeInteger(v),
};

function isIsoInstant(value: string): boolean {
  const parts = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})(\d{3})?Z$/.exec(value);
  if (!parts || value.startsWith('0000')) return false;
  const millis = `${parts[1]}Z`;
  const at = new Date(millis);
  return !Number.isNaN(at.getTime()) && at.toISOString() === millis;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, shape: CursorPart[]): CursorKey | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === shape.length && shape.every((part, i) => PART_CHECKS[part](key[i]))) {
      return key as CursorKey;
    }
  } catch {
    // fall through to the error below
  }
  throw CommonErrors.create('INVALID_CURSOR', {
    nl: 'Deze cursor komt niet van deze API. Begin opnieuw zonder cursor.',
    en: 'The cursor is not one this API handed out. Start again without a cursor.',
  }, {
    errors: [{ field: 'cursor', messages: [{ nl: 'cursor is niet geldig', en: 'cursor is not valid' }] }],
  });
}

/** Callers fetch limit + 1 rows; the extra row only says whether there is a next page. */
export function toPage<Row, Item>(rows: Row[], limit: number, keyOf: (row: Row) => CursorKey, map: (row: Row) => Item): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(keyOf(pageRows[pageRows.length - 1]!)) : null,
  };
}

/**
 * A page for a list the reader sees only part of (purpose limitation): reads rows by keyset, `limit + 1` at a
 * time, until it has `limit` items `keep` lets through or the rows end — so a page comes back short only when it is
 * the last. `fetch(after)` answers up to `limit + 1` rows after `after`, in the list's order, each ready for `keep`.
 *
 * A next cursor is handed out only when another item the reader may see follows: with a full page it reads on until
 * it finds one or the rows end. A cursor after a full page whose rest is hidden would tell that rows the reader may
 * not see follow (a hidden member matching a search, an assessment of another member) — and lead to an empty page.
 * The cursor points after the page's last item, so the next page reads those hidden rows again and passes them by.
 */
export async function filledPage<Row, Key extends CursorKey, Item>(
  limit: number,
  after: Key | undefined,
  fetch: (after: Key | undefined) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
  keep: (row: Row) => Item | null,
): Promise<Page<Item>> {
  const items: Item[] = [];
  let last: Key | undefined;
  let cursor = after;
  for (;;) {
    const rows = await fetch(cursor);
    // every row fetched is examined, the one past `limit` too: it may be the visible row that earns the next cursor
    for (const row of rows) {
      const item = keep(row);
      if (item === null) continue;
      if (items.length === limit) return { items, nextCursor: encodeCursor(last!) };
      items.push(item);
      last = keyOf(row);
    }
    if (rows.length <= limit) return { items, nextCursor: null };
    cursor = keyOf(rows[rows.length - 1]!);
  }
}

export const pageLimit = (query: PageQueryDto) => query.limit ?? 25;
