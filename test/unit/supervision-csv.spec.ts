import fc from 'fast-check';
import { csvCell, csvRow } from '../../src/supervision/csv.js';

/** A minimal RFC 4180 reader with `;` as separator, to read back what the writer wrote. */
function parseRow(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (line[i] === '"' && line[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else cell += line[i++];
      }
    } else {
      while (i < line.length && line[i] !== ';') cell += line[i++];
    }
    cells.push(cell);
    if (line[i] !== ';') return cells;
    i++;
  }
}

const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ';', '"', '\n', '\r', '\t', '=', '+', '-', '@', "'", 'é', '1') });

describe('CSV export cells', () => {
  it('read back as the same values, except that formula starts get an apostrophe', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), (values) => {
        const row = csvRow(values);
        expect(row.endsWith('\r\n')).toBe(true);
        const back = parseRow(row.slice(0, -2));
        expect(back).toEqual(values.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v)));
      }),
      { numRuns: 1000 },
    );
  });

  it('never lets a cell start with a character a spreadsheet reads as a formula', () => {
    fc.assert(
      fc.property(text, (value) => {
        const cell = csvCell(value);
        const content = cell.startsWith('"') ? cell.slice(1) : cell;
        expect(/^[=+\-@\t\r]/.test(content)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes numbers, empty values and plain text as they are', () => {
    expect(csvRow([12, null, undefined, 'Noord', '-3', '=1+1', 'a;b'])).toBe(`12;;;Noord;'-3;'=1+1;"a;b"\r\n`);
  });
});
