/**
 * CSV for Dutch Excel: `;` as separator (Excel in the nl-NL locale expects it), UTF-8 with a byte-order mark
 * so accents survive, CRLF line ends (RFC 4180). Cells that a spreadsheet would read as a formula (starting with
 * = + - @, tab or carriage return) get a leading apostrophe, so opening an export never runs anything.
 */
export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[;"\r\n]/;

export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(CSV_SEPARATOR)}\r\n`;
}
