import { createHmac, createSecretKey } from 'node:crypto';
import fc from 'fast-check';
import { genesis, link, linkDigest, sameMac } from '../../src/audit/audit-chain.js';
import { CopyBinaryRows } from '../../src/audit/audit-chain.copy.js';
import type { ChainRow } from '../../src/audit/audit-chain.reader.js';

/**
 * `npm run audit:verify` reads the chain as the bytes PostgreSQL sends (binary COPY) and feeds them to the HMAC
 * undecoded; the sealer and the API work with text. Both must give the same MAC for every text, and the stored
 * value must compare exactly as `link(…) === stored` did.
 */
const key = createSecretKey(Buffer.alloc(32, 9));
const previous = genesis(key, '11111111-1111-4111-8111-111111111111', '2026-12-01', 1);

describe('the byte path gives the same MACs as the text path', () => {
  it('for any text, including beyond ASCII and JSON escapes', () => {
    const tricky = fc.constantFrom('Zoë', '€', '😀', '\\n', '\\"', '\\u0001', 'ÿ', '\n', '"');
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 600 }), fc.array(tricky, { maxLength: 20 }).map((parts) => parts.join('')));
    fc.assert(
      fc.property(text, (body) => {
        const hex = link(key, previous, body);
        const bytes = linkDigest(key, Buffer.from(previous), Buffer.from(body, 'utf8'));
        expect(bytes.toString('hex')).toBe(hex);
        expect(sameMac(bytes, hex)).toBe(true);
        expect(sameMac(bytes, Buffer.from(hex))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a stored value matches only as the exact lowercase hex: not upper case, not one digit off, not shorter or longer', () => {
    const digest = linkDigest(key, previous, 'event 1');
    const hex = digest.toString('hex');
    for (const stored of [hex.toUpperCase(), hex.slice(0, 63), `${hex}0`, `${hex.slice(0, 63)} `]) {
      expect(sameMac(digest, stored)).toBe(false);
      expect(sameMac(digest, Buffer.from(stored))).toBe(false);
    }
    for (let i = 0; i < hex.length; i++) {
      const changed = hex.slice(0, i) + (hex[i] === '0' ? '1' : '0') + hex.slice(i + 1);
      expect(sameMac(digest, changed)).toBe(false);
      expect(sameMac(digest, Buffer.from(changed))).toBe(false);
    }
  });
});

/** The chain query's rows as PostgreSQL writes them in binary COPY: header, rows (int8, int4, bpchar, text), trailer. */
function binaryCopy(rows: Array<{ seq: number; batch: number; mac: string; body: string | null }>): Buffer {
  const parts = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3])];
  for (const row of rows) {
    const head = Buffer.alloc(2 + 12 + 8);
    head.writeInt16BE(4, 0);
    head.writeInt32BE(8, 2);
    head.writeBigInt64BE(BigInt(row.seq), 6);
    head.writeInt32BE(4, 14);
    head.writeInt32BE(row.batch, 18);
    const field = (value: string | null) => {
      const length = Buffer.alloc(4);
      if (value === null) {
        length.writeInt32BE(-1);
        return [length];
      }
      const bytes = Buffer.from(value, 'utf8');
      length.writeInt32BE(bytes.length);
      return [length, bytes];
    };
    parts.push(head, ...field(row.mac), ...field(row.body));
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

const plain = (rows: ChainRow[]) =>
  rows.map((r) => ({ seq: r.seq, batch: r.batch, mac: Buffer.from(r.mac as Uint8Array).toString(), body: r.body === null ? null : Buffer.from(r.body as Uint8Array).toString() }));

describe('binary COPY rows', () => {
  const rows = [
    { seq: 1, batch: 1, mac: 'a'.repeat(64), body: '["Zoë", "😀"]' },
    { seq: 2 ** 40 + 7, batch: 1, mac: 'b'.repeat(64), body: null },
    { seq: 3, batch: 2, mac: 'c'.repeat(64), body: '' },
    { seq: 4, batch: 2, mac: 'd'.repeat(64), body: 'x'.repeat(700) },
  ];
  const data = binaryCopy(rows);

  it('reads every row, wherever the pages split it', () => {
    for (let cut = 0; cut <= data.length; cut++) {
      for (const second of [cut, Math.min(data.length, cut + 13)]) {
        const parser = new CopyBinaryRows();
        const read = [data.subarray(0, cut), data.subarray(cut, second), data.subarray(second)].flatMap((page) => parser.push(page));
        parser.end();
        expect(plain(read)).toEqual(rows);
      }
    }
  });

  it('refuses data cut short, and what is not binary COPY', () => {
    const parser = new CopyBinaryRows();
    parser.push(data.subarray(0, data.length - 2));
    expect(() => parser.end()).toThrow('ended early');
    expect(() => new CopyBinaryRows().push(Buffer.from('seq\tbatch\tmac\tbody\n1\t1\taaaa\t[]\n'))).toThrow('not binary COPY');
  });
});

describe('chain forms', () => {
  it("a month's genesis value is bound to its form: a chain cannot be read in another form from its start", () => {
    const tenant = '11111111-1111-4111-8111-111111111111';
    expect(genesis(key, tenant, '2026-12-01', 2)).not.toBe(genesis(key, tenant, '2026-12-01', 1));
    // form 1 keeps the genesis value it always had, so months chained before form 2 still verify
    expect(genesis(key, tenant, '2026-12-01', 1)).toBe(createHmac('sha256', key).update(`eenplan-audit-genesis\n${tenant}\n2026-12-01`).digest('hex'));
  });
});
