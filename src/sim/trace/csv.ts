import { InputError } from '../../core/errors.js';
import { makeTrace, type Trace, type TraceRequest } from './trace.js';

/**
 * The trace CSV format:
 *
 *   t_seconds,profile,duration_seconds[,importance][,renew_at_seconds]
 *
 * A header row is required and names the columns, in any order; unknown or
 * repeated columns are errors (a typo must not silently drop a column). Blank
 * lines and lines starting with `#` are skipped. Fields may be double-quoted
 * (RFC 4180, `""` for a quote) but may not span lines. Optional columns may be
 * left empty on a row. Rows need not be sorted: the trace is.
 */
export const REQUIRED_COLUMNS = ['t_seconds', 'profile', 'duration_seconds'] as const;
export const OPTIONAL_COLUMNS = ['importance', 'renew_at_seconds'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
const ALL_COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

/** A bad trace file: `line` is 1-based, `column` the header name when one applies. */
export class TraceCsvError extends InputError {
  constructor(message: string, readonly line: number, readonly column?: string) {
    super(message, column);
  }
}

export interface ParseTraceOptions {
  /** Trace name (default 'csv'); also prefixes error messages. */
  name?: string;
  /** Arrival window in seconds; default: the last request's t. */
  horizonS?: number;
}

export function parseTraceCsv(text: string, options: ParseTraceOptions = {}): Trace {
  const name = options.name ?? 'csv';
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let columns: Column[] | undefined;
  const requests: TraceRequest[] = [];
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const fields = splitCsvLine(raw, name, lineNo);
    if (!columns) {
      columns = parseHeader(fields, name, lineNo);
      return;
    }
    if (fields.length !== columns.length) {
      throw new TraceCsvError(
        `${name} line ${lineNo}: expected ${columns.length} fields (${columns.join(',')}), got ${fields.length}`,
        lineNo,
      );
    }
    requests.push(parseRow(columns, fields, name, lineNo));
  });
  if (!columns) throw new TraceCsvError(`${name}: no header row (expected ${REQUIRED_COLUMNS.join(',')})`, 1);
  return makeTrace(name, requests, options.horizonS);
}

/** CSV text for a trace; optional columns appear only when some request uses them. */
export function formatTraceCsv(trace: Trace): string {
  const withImportance = trace.requests.some((r) => r.importance !== undefined);
  const withRenewal = trace.requests.some((r) => r.renewAtS !== undefined);
  const head: string[] = [...REQUIRED_COLUMNS];
  if (withImportance) head.push('importance');
  if (withRenewal) head.push('renew_at_seconds');
  const out = [head.join(',')];
  for (const r of trace.requests) {
    const row = [String(r.t), quote(r.profile), String(r.durationS)];
    if (withImportance) row.push(r.importance === undefined ? '' : String(r.importance));
    if (withRenewal) row.push(r.renewAtS === undefined ? '' : String(r.renewAtS));
    out.push(row.join(','));
  }
  return `${out.join('\n')}\n`;
}

function parseHeader(fields: string[], name: string, lineNo: number): Column[] {
  const columns = fields.map((f) => f.trim().toLowerCase());
  columns.forEach((c, i) => {
    if (!ALL_COLUMNS.includes(c)) {
      throw new TraceCsvError(
        `${name} line ${lineNo}, column ${i + 1}: unknown column "${c}" (known: ${ALL_COLUMNS.join(', ')})`,
        lineNo,
        c,
      );
    }
    if (columns.indexOf(c) !== i) {
      throw new TraceCsvError(`${name} line ${lineNo}, column ${i + 1}: column "${c}" appears twice`, lineNo, c);
    }
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new TraceCsvError(`${name} line ${lineNo}: header lacks column(s) ${missing.join(', ')}`, lineNo, missing[0]);
  }
  return columns as Column[];
}

function parseRow(columns: Column[], fields: string[], name: string, lineNo: number): TraceRequest {
  const cell = (c: Column): { value: string; fail: (why: string) => never } => {
    const i = columns.indexOf(c);
    const value = i < 0 ? '' : fields[i]!.trim();
    const fail = (why: string): never => {
      throw new TraceCsvError(`${name} line ${lineNo}, column ${i + 1} (${c}): ${why}, got "${value}"`, lineNo, c);
    };
    return { value, fail };
  };
  const number = (c: Column, ok: (n: number) => boolean, what: string): number | undefined => {
    const { value, fail } = cell(c);
    if (value === '') return undefined;
    const n = DECIMAL.test(value) ? Number(value) : NaN;
    return Number.isFinite(n) && ok(n) ? n : fail(`expected ${what}`);
  };
  const required = (c: Column, n: number | undefined): number => n ?? cell(c).fail('value required');
  const profile = cell('profile');
  if (profile.value === '') profile.fail('value required');
  const request: TraceRequest = {
    t: required('t_seconds', number('t_seconds', (n) => n >= 0, 'a number of seconds >= 0')),
    profile: profile.value,
    durationS: required('duration_seconds', number('duration_seconds', (n) => n > 0, 'a number of seconds > 0')),
  };
  const importance = number('importance', (n) => Number.isInteger(n) && n >= 0, 'an integer >= 0');
  if (importance !== undefined) request.importance = importance;
  const renewAtS = number('renew_at_seconds', (n) => n > 0, 'a number of seconds > 0');
  if (renewAtS !== undefined) request.renewAtS = renewAtS;
  return request;
}

// Plain decimals only: Number() would also take '', '0x1f' and 'Infinity'.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function splitCsvLine(line: string, name: string, lineNo: number): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && ch === '"') {
      quoted = false;
    } else if (!quoted && ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (!quoted && ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  if (quoted) throw new TraceCsvError(`${name} line ${lineNo}, column ${fields.length + 1}: unterminated quote`, lineNo);
  fields.push(field);
  return fields;
}

// Fields are trimmed on reading, so a profile with surrounding blanks or a line
// break could not come back unchanged: refuse it rather than write a different trace.
function quote(value: string): string {
  if (/[\r\n]|^\s|\s$/.test(value)) {
    throw new RangeError(`profile ${JSON.stringify(value)}: a CSV trace cannot hold line breaks or surrounding blanks`);
  }
  return /[",#]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
