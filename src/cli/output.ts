import Table from 'cli-table3';
import type { CliIo } from './cli-io.js';

/** Borderless, uncoloured, kubectl-like: easy to read, grep and cut. */
const PLAIN = {
  chars: {
    top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
    bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
    left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
  },
  style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
};

export type Cell = string | number;

/** A table with a header row; trailing spaces trimmed so output diffs cleanly. */
export function renderTable(head: string[], rows: Cell[][]): string {
  const table = new Table({ ...PLAIN, head });
  table.push(...rows.map((r) => r.map((c) => String(c))));
  return trimLines(table.toString());
}

/** Key/value pairs, one per line, for showing one object. */
export function renderDetails(pairs: Array<[string, Cell]>): string {
  const table = new Table(PLAIN);
  table.push(...pairs.map(([k, v]) => [`${k}:`, String(v)]));
  return trimLines(table.toString());
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printText(io: CliIo, text: string): void {
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** "12s ago", "5m ago", "3h ago", "2d ago"; "never" for null. */
export function formatAge(iso: string | null, now: number): string {
  if (iso === null) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

/** MiB as GiB with at most one decimal: 16384 -> "16", 1536 -> "1.5". */
export function gib(mb: number): string {
  return String(Math.round((mb / 1024) * 10) / 10);
}

function trimLines(s: string): string {
  return s
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}
