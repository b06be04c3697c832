// Serializes BGP table rows for export (CSV, JSON) and for copying one row. Pure functions:
// the panel writes the result to disk or the clipboard.
import { cellValue, type ColumnDef, type TableRow } from '../protocol/bgpTableColumns';

/**
 * Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"). A text
 * cell starting with one is prefixed with an apostrophe so it stays text. Real numbers are not
 * touched, so a negative weight still exports as a number.
 */
const FORMULA_START = /^[=+\-@\t\r|%]/;

/** One CSV field: formula-safe, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== value ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a header row, CRLF line ends, rows in the given order. */
export function rowsToCsv(columns: readonly ColumnDef[], rows: readonly TableRow[], order: readonly number[]): string {
  const lines: string[] = [columns.map((c) => csvField(c.label)).join(',')];
  for (const i of order) {
    const row = rows[i];
    if (row) lines.push(columns.map((c) => csvField(cellValue(row, c.key))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export interface JsonExportMeta {
  gatewayId: string;
  gatewayName: string;
  tab: string;
  peer: string;
  exportedAt: string;
}

/** JSON: the metadata plus rows holding exactly the table's columns, in the given order. */
export function rowsToJson(
  meta: JsonExportMeta,
  columns: readonly ColumnDef[],
  rows: readonly TableRow[],
  order: readonly number[],
): string {
  const out: Record<string, string | number>[] = [];
  for (const i of order) {
    const row = rows[i];
    if (!row) continue;
    const o: Record<string, string | number> = {};
    for (const c of columns) o[c.key] = cellValue(row, c.key);
    out.push(o);
  }
  return `${JSON.stringify({ ...meta, rows: out }, null, 2)}\n`;
}

/** One row as tab-separated cells (pastes into a spreadsheet row), formula-safe like CSV. */
export function rowToTsv(columns: readonly ColumnDef[], row: TableRow): string {
  return columns
    .map((c) => {
      const v = cellValue(row, c.key);
      if (typeof v === 'number') return String(v);
      const flat = v.replace(/[\t\r\n]+/g, ' ');
      return FORMULA_START.test(flat) ? `'${flat}` : flat;
    })
    .join('\t');
}
