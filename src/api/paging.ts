import { Type } from 'typebox';
import { InputError } from '../core/errors.js';
import type { ListPosition } from '../store/store.js';

/**
 * Keyset paging of the list endpoints. A page is `?limit=N&after=CURSOR`; the answer
 * carries `next`, the cursor of the page after it, or null on the last one. A cursor is
 * opaque to clients: base64url of JSON `[listing, ...sort key of the page's last item]`.
 * It says only where to resume; who may see what is decided from the caller on every
 * request, never from the cursor, so a cursor (made up, or from someone else) cannot
 * widen a listing. It is not signed: forging one gains nothing a client could not ask for.
 */

export const PAGE_LIMIT_DEFAULT = 100;
export const PAGE_LIMIT_MAX = 1000;

/** Query fields of a paged listing (strings: the API does not coerce query values). */
export const PageQuery = {
  limit: Type.Optional(
    Type.String({
      pattern: '^([1-9][0-9]{0,2}|1000)$',
      description: `Items per page, 1 to ${PAGE_LIMIT_MAX} (default ${PAGE_LIMIT_DEFAULT})`,
    }),
  ),
  after: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9_-]{1,1000}$',
      description: 'Cursor from the `next` of the previous page: this page starts after its last item',
    }),
  ),
};

export const Next = Type.Union([Type.String(), Type.Null()], {
  description: 'Cursor of the next page (pass it as `after`, with the same filters); null on the last page',
});

export function pageLimit(limit: string | undefined): number {
  return limit === undefined ? PAGE_LIMIT_DEFAULT : Number(limit);
}

type Key = Array<string | number>;

export function encodeCursor(listing: string, key: Key): string {
  return Buffer.from(JSON.stringify([listing, ...key])).toString('base64url');
}

/** The sort key in `after`, checked against `shape` (the type of each part); InputError naming 'after'. */
export function decodeCursor(listing: string, after: string, shape: ReadonlyArray<'string' | 'number'>): Key {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  const fits =
    Array.isArray(parts) &&
    parts.length === shape.length + 1 &&
    parts[0] === listing &&
    shape.every((type, i) => typeof parts[i + 1] === type && (type === 'string' || Number.isSafeInteger(parts[i + 1])));
  if (!fits) throw new InputError(`after is not a cursor of this listing: pass the \`next\` of a page of ${listing}`, 'after');
  return (parts as unknown[]).slice(1) as Key;
}

/** For listings ordered by (createdAt, id): the position `after` names, if any. */
export function positionAfter(listing: string, after: string | undefined): ListPosition | undefined {
  if (after === undefined) return undefined;
  const [createdAt, id] = decodeCursor(listing, after, ['number', 'string']) as [number, string];
  return { createdAt, id };
}

export function positionCursor(listing: string, item: ListPosition): string {
  return encodeCursor(listing, [item.createdAt, item.id]);
}

/**
 * Splits rows read with `limit + 1` into the page and its `next`: one row more than the
 * page proves another page follows, so the last page says null rather than leading to
 * an empty one.
 */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => string): { items: T[]; next: string | null } {
  if (rows.length <= limit) return { items: rows, next: null };
  const items = rows.slice(0, limit);
  return { items, next: cursorOf(items[items.length - 1]!) };
}
