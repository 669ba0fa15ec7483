/**
 * CSV for Dutch Excel: `;` as separator (Excel in the nl-NL locale expects it), UTF-8 with a byte-order mark
 * so accents survive, CRLF line ends (RFC 4180).
 *
 * Every cell is quoted (RFC 4180, inner double quotes doubled), so no character inside a cell — a `,` a reader in
 * another locale takes as separator, a line break, a quote — can split it or start a new cell. A cell that a
 * spreadsheet would read as a formula — starting with = + - @, tab or carriage return (or their full-width
 * forms), also after leading white space, which spreadsheets may trim — gets a leading apostrophe inside the
 * quotes (OWASP "CSV injection"), so opening an export never runs anything.
 */
export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';

/** What a spreadsheet may take as the start of a formula, after any leading white space. */
export const FORMULA_START = /^[\s\u200b]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

export type CsvValue = string | number | boolean | null | undefined;

/** The text a cell shows: the value, with an apostrophe in front when it could start a formula. */
export function neutralised(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvCell(value: CsvValue): string {
  return `"${neutralised(value).replace(/"/g, '""')}"`;
}

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(CSV_SEPARATOR)}\r\n`;
}
