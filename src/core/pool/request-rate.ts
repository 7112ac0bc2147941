/**
 * Request-rate estimates from a pool's recent request times. Both are computed from the
 * timestamps alone, not accumulated call by call, so they do not depend on how often
 * the controller runs, and a restart (or a skipped tick) changes nothing.
 * Requests in the future (clock skew between replicas) are ignored.
 */

/** Requests with now - windowMs < t <= now. */
export function countInWindow(times: readonly number[], now: number, windowMs: number): number {
  let count = 0;
  for (const t of times) if (t <= now && t > now - windowMs) count++;
  return count;
}

/** Plain average over the window, in requests per ms. */
export function windowRate(times: readonly number[], now: number, windowMs: number): number {
  return windowMs > 0 ? countInWindow(times, now, windowMs) / windowMs : 0;
}

/**
 * Exponentially weighted rate, in requests per ms: each request counts with weight
 * e^(-age/tau), tau = windowMs / 2, and requests older than the window are dropped.
 * Dividing by the integral of the weight over the window, tau (1 - e^(-window/tau)),
 * makes it unbiased: a steady stream of r requests per ms reads as r. Compared to a
 * plain average over the same window it forgets old traffic gradually instead of all
 * at once when a busy spell leaves the window, so the target does not jump.
 */
export function ewmaRate(times: readonly number[], now: number, windowMs: number): number {
  if (!(windowMs > 0)) return 0;
  const tau = windowMs / 2;
  let weight = 0;
  for (const t of times) {
    const age = now - t;
    if (age >= 0 && age < windowMs) weight += Math.exp(-age / tau);
  }
  return weight / (tau * (1 - Math.exp(-windowMs / tau)));
}

/**
 * A rate for sparse demand, in requests per ms: the last `k` requests over the time
 * they took to arrive, counted up to now (k / (now - t_k), t_k the k-th most recent
 * request within `windowMs`), never over less than `minSpanMs`. A fixed window reads
 * 0 after a quiet hour, whatever the demand of the day was; this reads the rate at
 * which the last few requests came and decays like 1/age as the silence grows. With
 * fewer than k requests in the window: their count over the window. The `minSpanMs`
 * keeps a few requests in quick succession from reading as a torrent (that is the
 * burst detector's job).
 */
export function sparseRate(times: readonly number[], now: number, k: number, minSpanMs: number, windowMs: number): number {
  if (!(k >= 1) || !(windowMs > 0)) return 0;
  const recent = times.filter((t) => t <= now && t > now - windowMs).sort((a, b) => b - a);
  if (recent.length === 0) return 0;
  if (recent.length < k) return recent.length / windowMs;
  return k / Math.max(now - recent[k - 1]!, minSpanMs, 1);
}

export const MS_PER_MINUTE = 60_000;

/** For reasons shown to operators: "4.2/min". */
export function perMinute(ratePerMs: number): string {
  const r = ratePerMs * MS_PER_MINUTE;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(r >= 1 ? 1 : 2)}/min`;
}
