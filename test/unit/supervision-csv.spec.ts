import fc from 'fast-check';
import { csvCell, csvRow, type CsvValue } from '../../src/supervision/csv.js';

/**
 * A small, strict RFC 4180 reader (`;` separator, CRLF records) that reads back what the writer wrote. It also
 * reports whether each field was quoted, and refuses anything RFC 4180 does not allow (a stray quote, text after
 * a closing quote, a bare CR or LF outside quotes).
 */
function parse(text: string): Array<Array<{ value: string; quoted: boolean }>> {
  const records: Array<Array<{ value: string; quoted: boolean }>> = [];
  let record: Array<{ value: string; quoted: boolean }> = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else value += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ';' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`stray quote at ${i}`);
        value += text[i++];
      }
    }
    record.push({ value, quoted });
    if (text[i] === ';') {
      i++;
    } else if (text[i] === '\r' && text[i + 1] === '\n') {
      i += 2;
      records.push(record);
      record = [];
    } else {
      throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
    }
  }
  if (record.length > 0) throw new Error('last record without CRLF');
  return records;
}

/** What spreadsheets take as the start of a formula: = + - @ tab CR (and full-width = + - @), also after white space. */
const STARTERS = new Set(['=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20']);
function startsLikeFormula(cell: string): boolean {
  for (const ch of cell) {
    if (STARTERS.has(ch)) return true;
    if (!/[\s\u200b]/.test(ch)) return false;
  }
  return false;
}

const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ';', ',', '"', '\n', '\r', '\t', '=', '+', '-', '@', "'", 'é', '1', '\u00a0', '\u200b', '\uff1d') });
const value: fc.Arbitrary<CsvValue> = fc.oneof(text, text, fc.integer({ min: -1000, max: 1000 }), fc.constant(null), fc.constant(undefined), fc.boolean());

describe('CSV export cells', () => {
  it('read back (RFC 4180) as the same values, every cell quoted, formula starts behind an apostrophe', () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const output = rows.map(csvRow).join('');
        const back = parse(output);
        expect(back.map((r) => r.length)).toEqual(rows.map((r) => r.length));
        expect(back.every((r) => r.every((c) => c.quoted))).toBe(true);
        // the apostrophe is added exactly when the value could start a formula, and nothing else changes
        for (const [r, row] of rows.entries()) {
          for (const [c, v] of row.entries()) {
            const shown = back[r]![c]!.value;
            const original = v === null || v === undefined ? '' : String(v);
            expect(shown).toBe(startsLikeFormula(original) ? `'${original}` : original);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never lets a cell start with a character a spreadsheet reads as a formula, also after leading white space', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 8 }), (values) => {
        for (const cell of parse(csvRow(values))[0]!) expect(startsLikeFormula(cell.value)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('quotes every cell: a comma, which Excel in other locales splits on, cannot start a formula cell', () => {
    expect(csvRow([12, null, undefined, 'Noord', '-3', '=1+1', 'a;b', 'Noord,=1+1', ' =1+1', '\t@SUM(A1)', 'zeg "ja"'])).toBe(
      `"12";"";"";"Noord";"'-3";"'=1+1";"a;b";"Noord,=1+1";"' =1+1";"'\t@SUM(A1)";"zeg ""ja"""\r\n`,
    );
    expect(csvCell('\uff1dHYPERLINK("x")')).toBe(`"'\uff1dHYPERLINK(""x"")"`);
  });
});
