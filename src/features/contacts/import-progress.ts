import type { ImportOutcome, ImportProgress } from './import-service.js';

const BAR_WIDTH = 30;
const n = (v: number) => v.toLocaleString('en-GB');

/** A text progress bar for a terminal: "[#########-----] 412 of 1,000 rows (41%)". */
export function progressLine(p: ImportProgress): string {
  if (!p.total) return `${n(p.rowsProcessed)} rows`;
  const share = Math.min(1, p.rowsProcessed / p.total);
  const filled = Math.round(share * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${n(p.rowsProcessed)} of ${n(p.total)} rows (${Math.floor(share * 100)}%)`;
}

/** The end of an import: its counts, then each problem as "Row 7, victim_date_of_birth: ...". */
export function summaryLines(file: string, o: ImportOutcome): string[] {
  const lines = [
    `Imported ${file}: ${n(o.rowsProcessed)} of ${o.total === null ? 'the' : n(o.total)} rows checked`,
    `created ${n(o.created)}`,
    `already held ${n(o.duplicates)}`,
    `rejected ${n(o.rejected)}`,
  ];
  if (o.errors.length) {
    lines.push('Rows not imported:');
    for (const e of o.errors) lines.push(`  ${problemText(e)}`);
    if (o.errors.length < o.rejected || o.errors.length >= 1000) lines.push('  (only the first 1,000 problems are listed)');
  }
  return lines;
}

export function problemText(e: { row: number; column: string | null; message: string }): string {
  return `Row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.message}`;
}
