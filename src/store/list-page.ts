import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import { InputError } from '../core/errors.js';
import type { ListPage, ListPosition } from './leasing-store.js';
import type { Database } from './schema.js';

/**
 * Checks a page of a listing ordered by (created_at, id) and returns its parts for the
 * query: the LIMIT and the position to start after.
 */
export function listPage(page: ListPage): { limit?: number; after?: ListPosition } {
  const out: { limit?: number; after?: ListPosition } = {};
  if (page.limit !== undefined) {
    if (!Number.isSafeInteger(page.limit) || page.limit < 1) throw new InputError('limit must be a positive integer', 'limit');
    out.limit = page.limit;
  }
  if (page.after !== undefined) {
    const { createdAt, id } = page.after;
    if (!Number.isSafeInteger(createdAt) || typeof id !== 'string') throw new InputError('after must be a (createdAt, id) position', 'after');
    out.after = { createdAt, id };
  }
  return out;
}

/**
 * Keyset bound for the items after `after`: `created_at >= t AND (created_at > t OR id > i)`
 * rather than a row-value comparison, so the first term is an index range on both
 * engines and the second only re-checks the rows sharing the last item's millisecond.
 * ORDER BY id and `id > i` use the same collation on each engine, so bound and order agree.
 */
export function afterBound(after: ListPosition) {
  return (eb: ExpressionBuilder<Database, 'leases' | 'instances'>) =>
    eb.and([eb('created_at', '>=', after.createdAt), eb.or([eb('created_at', '>', after.createdAt), eb('id', '>', after.id)])]);
}

/**
 * One page across several states: the first `limit` rows, in (created_at, id) order, of
 * the union of one page per state. Each part is a range of a (…, state, created_at, id)
 * index that stops after `limit` rows, so the cost is bounded by states x limit however
 * long the history is. A plain `state IN (…) ORDER BY created_at, id LIMIT n` lets
 * PostgreSQL's planner walk the (created_at, id) index from the oldest row and filter,
 * through the whole history when the live rows are the newest (they are).
 */
export async function pageAcrossStates<O>(db: Kysely<Database>, parts: SelectQueryBuilder<Database, 'leases' | 'instances', O>[], limit: number): Promise<O[]> {
  // Wrapped as subqueries: SQLite allows ORDER BY and LIMIT only on a whole compound.
  const wrapped = parts.map((p, i) => db.selectFrom(p.as(`part${i}`)).selectAll() as unknown as SelectQueryBuilder<Database, never, O>);
  let q = wrapped[0]!;
  for (const w of wrapped.slice(1)) q = q.unionAll(w);
  return (await q.orderBy(sql.ref('created_at')).orderBy(sql.ref('id')).limit(limit).execute()) as O[];
}

/**
 * A listing's rows, one page of them when `page` has a limit: `select(states)` builds
 * the query with the listing's own filters; this adds the state filter, the bound
 * after `page.after`, the (created_at, id) order and the limit, and takes the union
 * route for several states (see pageAcrossStates).
 */
export async function selectPage<O>(
  db: Kysely<Database>,
  query: ListPage & { states?: readonly string[] },
  select: () => SelectQueryBuilder<Database, 'leases' | 'instances', O>,
): Promise<O[]> {
  const { limit, after } = listPage(query);
  const { states } = query;
  if (states?.length === 0) return [];
  const part = (only: readonly string[] | undefined) => {
    let q = select();
    if (only !== undefined) q = q.where('state', 'in', only);
    if (after) q = q.where(afterBound(after));
    q = q.orderBy('created_at').orderBy('id');
    return limit === undefined ? q : q.limit(limit);
  };
  if (limit !== undefined && states !== undefined && states.length > 1) return pageAcrossStates(db, states.map((s) => part([s])), limit);
  return part(states).execute();
}
