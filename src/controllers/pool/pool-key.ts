/** What the pool row keeps between passes: the policy's state, under its policy's name. */
export interface StoredState {
  policy: string;
  state: unknown;
  replacedAt: number | null;
}

export function poolKey(profile: string, cloud: string): string {
  return `${profile}/${cloud}`;
}

/** Profile names contain no '/' (the store refuses them), so the first '/' splits the key. */
export function parsePoolKey(key: string): { profile: string; cloud: string } {
  const at = key.indexOf('/');
  return { profile: key.slice(0, at), cloud: key.slice(at + 1) };
}

/** The stored policy state, or null when there is none (a new pool) or it is not ours. */
export function asStoredState(raw: unknown): StoredState | null {
  if (typeof raw !== 'object' || raw === null || typeof (raw as StoredState).policy !== 'string') return null;
  const r = raw as StoredState;
  return { policy: r.policy, state: r.state, replacedAt: typeof r.replacedAt === 'number' ? r.replacedAt : null };
}
