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

export const MS_PER_MINUTE = 60_000;

/** For reasons shown to operators: "4.2/min". */
export function perMinute(ratePerMs: number): string {
  const r = ratePerMs * MS_PER_MINUTE;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(r >= 1 ? 1 : 2)}/min`;
}
