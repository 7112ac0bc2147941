import Table from 'cli-table3';

/**
 * One table, two renderings: fixed-width text for stdout and Markdown for
 * bench/README.md, so the README's summary is the same table the run printed.
 *
 * A column is a header, or { header, align, digits }. Columns whose cells are all
 * numbers (or empty) align right unless told otherwise. Numbers print with
 * `digits` decimals when given, else as String(n); null/undefined print as "-".
 */
export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Fixed decimals for numeric cells (toFixed). */
  digits?: number;
}
export type Cell = string | number | null | undefined;
export interface TableSpec {
  columns: readonly (Column | string)[];
  rows: readonly (readonly Cell[])[];
}

// Borderless and uncoloured (like the CLI's tables): diffs cleanly, greps, and
// looks the same on a terminal and in a log file.
const PLAIN_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/** Text table: header, a dashed rule, rows; columns padded to fixed widths. */
export function renderTextTable(spec: TableSpec): string {
  const { headers, aligns, cells } = prepare(spec);
  const widths = headers.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const table = new Table({
    chars: PLAIN_CHARS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colAligns: aligns,
    head: headers,
  });
  table.push(widths.map((w) => '-'.repeat(w)), ...cells);
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}

/** GitHub-flavoured Markdown table; `|` in a cell is escaped, line breaks become spaces. */
export function renderMarkdownTable(spec: TableSpec): string {
  const { headers, aligns, cells } = prepare(spec);
  const line = (row: string[]): string => `| ${row.map(escapeMarkdown).join(' | ')} |`;
  const rule = `|${aligns.map((a) => (a === 'right' ? '---:' : ':---')).join('|')}|`;
  return `${[line(headers), rule, ...cells.map(line)].join('\n')}\n`;
}

function prepare(spec: TableSpec): { headers: string[]; aligns: ('left' | 'right')[]; cells: string[][] } {
  const columns = spec.columns.map((c): Column => (typeof c === 'string' ? { header: c } : c));
  spec.rows.forEach((row, r) => {
    if (row.length !== columns.length) {
      throw new RangeError(`table row ${r}: expected ${columns.length} cells (${columns.map((c) => c.header).join(', ')}), got ${row.length}`);
    }
  });
  const aligns = columns.map((col, c) => col.align ?? (spec.rows.every((row) => typeof row[c] !== 'string') ? 'right' : 'left'));
  const cells = spec.rows.map((row) => row.map((cell, c) => formatCell(cell, columns[c]!.digits)));
  return { headers: columns.map((c) => c.header), aligns, cells };
}

function formatCell(cell: Cell, digits: number | undefined): string {
  if (cell === null || cell === undefined) return '-';
  if (typeof cell === 'number') return digits === undefined || !Number.isFinite(cell) ? String(cell) : cell.toFixed(digits);
  return cell;
}

function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}
