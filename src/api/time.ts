import { Type } from 'typebox';

/** The store speaks ms since the epoch; the API speaks RFC 3339 (UTC), as people and tools expect. */
export function isoTime(ms: number): string;
export function isoTime(ms: number | null): string | null;
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export const Time = (description: string) => Type.String({ format: 'date-time', description });
export const NullableTime = (description: string) =>
  Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description });
