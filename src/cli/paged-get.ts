import { CliError } from './cli-error.js';
import type { DroverClient } from './http-client.js';

/** The API's largest page: following every page, fewer round trips. */
const PAGE_MAX = 1000;

/**
 * Reads a paged listing (`{[key]: T[], next}`), following `next` until the last page, or
 * until `limit` items when one is given. `more` says whether items were left unread.
 */
export async function getPages<T>(
  client: DroverClient,
  path: string,
  query: URLSearchParams,
  key: string,
  limit?: number,
): Promise<{ items: T[]; more: boolean }> {
  const items: T[] = [];
  const params = new URLSearchParams(query);
  for (;;) {
    const want = limit === undefined ? PAGE_MAX : Math.min(PAGE_MAX, limit - items.length);
    params.set('limit', String(want));
    const body = await client.get<Record<string, unknown>>(`${path}?${params}`);
    const page = body[key];
    if (!Array.isArray(page)) throw new CliError(`Drover sent no ${key} list (is the server older than this CLI?)`);
    items.push(...(page as T[]));
    const next = typeof body.next === 'string' ? body.next : null;
    if (next === null) return { items, more: false };
    if (limit !== undefined && items.length >= limit) return { items, more: true };
    // A server handing out the same cursor again would keep us here forever.
    if (next === params.get('after')) throw new CliError(`Drover repeated a page cursor for ${path}; giving up`);
    params.set('after', next);
  }
}
