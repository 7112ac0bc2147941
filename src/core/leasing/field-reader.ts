import { formatDuration, parseDuration } from '../duration.js';
import { InputError } from '../errors.js';

/**
 * Reads one mapping of a document a person wrote (parsed YAML or JSON): each getter
 * checks one field and every error names its dotted path ("profile.pool.n must be
 * ..."), so the operator can find the line. Unknown keys are rejected up front: a
 * misspelt field silently falling back to its default is a mistake nobody notices.
 * A null value (YAML's empty `key:`) counts as absent, so defaults apply.
 */
export class FieldReader {
  private readonly raw: Record<string, unknown>;

  constructor(raw: unknown, readonly path: string, known: readonly string[]) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new InputError(`${path} must be a mapping of fields`, path);
    }
    this.raw = raw as Record<string, unknown>;
    const unknown = Object.keys(this.raw).filter((k) => !known.includes(k));
    if (unknown.length > 0) {
      const what = unknown.length === 1 ? 'field' : 'fields';
      throw new InputError(
        `${path} has unknown ${what} ${unknown.join(', ')} (known fields: ${known.join(', ')})`,
        `${path}.${unknown[0]}`,
      );
    }
  }

  field(key: string): string {
    return `${this.path}.${key}`;
  }

  /** The raw value, undefined when absent or null. */
  get(key: string): unknown {
    const v = this.raw[key];
    return v === null ? undefined : v;
  }

  /** A string; required when `fallback` is undefined. `max` counts characters. */
  string(key: string, fallback?: string, opts: { max?: number; nonEmpty?: boolean } = {}): string {
    const v = this.get(key);
    const f = this.field(key);
    if (v === undefined) {
      if (fallback === undefined) throw new InputError(`${f} is required`, f);
      return fallback;
    }
    if (typeof v !== 'string') throw new InputError(`${f} must be a string`, f);
    if (opts.nonEmpty && v.trim() === '') throw new InputError(`${f} must not be empty`, f);
    if (opts.max !== undefined && v.length > opts.max) throw new InputError(`${f} must be at most ${opts.max} characters`, f);
    return v;
  }

  /** A non-empty string, or null when absent. */
  optionalString(key: string, max: number): string | null {
    return this.get(key) === undefined ? null : this.string(key, undefined, { nonEmpty: true, max });
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.get(key);
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') throw new InputError(`${this.field(key)} must be true or false`, this.field(key));
    return v;
  }

  /** A whole number within [min, max]. */
  integer(key: string, fallback: number, min: number, max: number): number {
    const v = this.get(key);
    if (v === undefined) return fallback;
    const f = this.field(key);
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new InputError(`${f} must be a whole number`, f);
    if (v < min || v > max) throw new InputError(`${f} must be between ${min} and ${max}`, f);
    return v;
  }

  /** A list of distinct non-empty strings; a single string is read as a list of one. */
  strings(key: string, fallback: readonly string[], check?: (item: string, field: string) => void): string[] {
    let v = this.get(key);
    if (v === undefined) return [...fallback];
    if (typeof v === 'string') v = [v];
    const f = this.field(key);
    if (!Array.isArray(v)) throw new InputError(`${f} must be a list of strings`, f);
    const seen = new Set<string>();
    return v.map((item, i) => {
      const fi = `${f}[${i}]`;
      if (typeof item !== 'string' || item.trim() === '') throw new InputError(`${fi} must be a non-empty string`, fi);
      if (seen.has(item)) throw new InputError(`${fi} repeats '${item}'`, fi);
      seen.add(item);
      check?.(item, fi);
      return item;
    });
  }

  /** A duration ("7d", "12h", or a number of seconds) in ms, at most `maxMs`. */
  duration(key: string, fallbackMs: number, maxMs: number): number {
    const v = this.get(key);
    if (v === undefined) return fallbackMs;
    return checkDuration(v, this.field(key), maxMs);
  }

  /** A list of durations in ms (may be empty). */
  durations(key: string, fallbackMs: readonly number[], maxMs: number): number[] {
    const v = this.get(key);
    if (v === undefined) return [...fallbackMs];
    const f = this.field(key);
    if (!Array.isArray(v)) throw new InputError(`${f} must be a list of durations such as [24h, 1h]`, f);
    return v.map((item, i) => checkDuration(item, `${f}[${i}]`, maxMs));
  }
}

function checkDuration(v: unknown, field: string, maxMs: number): number {
  if (typeof v !== 'string' && typeof v !== 'number') {
    throw new InputError(`${field} must be a duration such as 90m, 12h or 7d`, field);
  }
  const ms = parseDuration(v, field);
  if (ms > maxMs) throw new InputError(`${field} must be at most ${formatDuration(maxMs)}`, field);
  return ms;
}
