import { InputError } from '../errors.js';

/**
 * Reads one policy's options from a profile's raw settings (parsed YAML or JSON).
 * Every error names the dotted field, e.g. "pool.options.epsilon must be between 0 and 1",
 * so an operator can find the line. Unknown keys are errors too: a misspelt option
 * silently falling back to its default is the kind of mistake nobody notices for months.
 */
export class OptionReader {
  private readonly raw: Record<string, unknown>;

  constructor(raw: unknown, private readonly path: string, allowed: readonly string[], policy: string) {
    if (raw === undefined || raw === null) raw = {};
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(`${path} must be an object`, path);
    this.raw = raw as Record<string, unknown>;
    for (const key of Object.keys(this.raw)) {
      if (!allowed.includes(key)) {
        const known = allowed.length > 0 ? allowed.join(', ') : 'none';
        throw new InputError(`${path}.${key} is not an option of pool policy '${policy}' (options: ${known})`, `${path}.${key}`);
      }
    }
  }

  field(key: string): string {
    return `${this.path}.${key}`;
  }

  /** A finite number within [min, max] (bounds inclusive unless `open` says otherwise). */
  number(key: string, fallback: number, range: { min?: number; max?: number; open?: boolean; integer?: boolean } = {}): number {
    const value = this.raw[key];
    if (value === undefined) return fallback;
    const f = this.field(key);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError(`${f} must be a number`, f);
    if (range.integer && !Number.isInteger(value)) throw new InputError(`${f} must be a whole number`, f);
    const { min, max, open } = range;
    const below = min !== undefined && (open ? value <= min : value < min);
    const above = max !== undefined && (open ? value >= max : value > max);
    if (below || above) {
      const how = min !== undefined && max !== undefined
        ? `between ${min} and ${max}${open ? ' (exclusive)' : ''}`
        : min !== undefined ? `${open ? 'greater than' : 'at least'} ${min}` : `${open ? 'less than' : 'at most'} ${max}`;
      throw new InputError(`${f} must be ${how}`, f);
    }
    return value;
  }

  /** A non-empty list of numbers, each checked like `number`. */
  numbers(key: string, fallback: readonly number[], range: { min?: number; max?: number }): number[] {
    const value = this.raw[key];
    if (value === undefined) return [...fallback];
    const f = this.field(key);
    if (!Array.isArray(value) || value.length === 0) throw new InputError(`${f} must be a non-empty list of numbers`, f);
    return value.map((item, i) => new OptionReader({ [i]: item }, f, [String(i)], '').number(String(i), 0, range));
  }
}
