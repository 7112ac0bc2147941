import type { Updateable } from 'kysely';

/** The column of every patchable field; a complete map, so that a new field cannot be forgotten. */
export type PatchColumns<P, T> = { [K in keyof Required<P>]: keyof T & string };
/** How a field's value is written where its column holds something else (JSON text, 0/1). */
export type PatchEncoders<P> = { [K in keyof P]?: (value: Exclude<P[K], undefined>) => unknown };

/**
 * The SET of an update: only the fields present in the patch, each in its column and
 * encoded where its column needs it, plus updated_at.
 */
export function patchRow<P extends object, T extends { updated_at: number }>(
  patch: P,
  at: number,
  columns: PatchColumns<P, T>,
  encoders: PatchEncoders<P> = {},
): Updateable<T> {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    // Unknown keys (a caller's spread of a whole record) are ignored, never written blind.
    if (!Object.hasOwn(columns, key) || value === undefined) continue;
    const field = key as keyof P;
    const encode = encoders[field] as ((v: unknown) => unknown) | undefined;
    row[columns[field]] = encode ? encode(value) : value;
  }
  row.updated_at = at;
  return row as Updateable<T>;
}
