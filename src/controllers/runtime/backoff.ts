/**
 * Exponential backoff for failed reconciles: base * 2^(failures-1), capped, with
 * up to +-`jitter` (a fraction) of spread so that many failing keys do not retry in
 * lockstep. `random` is injected so the simulated cloud stays deterministic.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 300_000, jitter: 0.2 };

export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number): number {
  const exp = policy.baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30));
  const capped = Math.min(exp, policy.maxMs);
  const spread = capped * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(capped + spread));
}
