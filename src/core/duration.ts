import { InputError } from './errors.js';

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses a duration as users write it: "90s", "30m", "12h", "7d", "2w", or a
 * combination ("1d12h"); a bare number is seconds. Returns ms. `field` names the
 * input in the error.
 */
export function parseDuration(text: string | number, field: string): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text <= 0) throw new InputError(`${field} must be a positive number of seconds`, field);
    return Math.round(text * 1000);
  }
  const s = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(s)) return parseDuration(Number(s), field);
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)([smhdw])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== s) {
    throw new InputError(`${field} must be a duration such as 90m, 12h, 7d or 1d12h (got "${text}")`, field);
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
  if (ms <= 0) throw new InputError(`${field} must be longer than zero`, field);
  return Math.round(ms);
}

/** Renders ms as the largest whole units, e.g. 93_600_000 -> "1d2h". */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms / 1000);
  let out = '';
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}
