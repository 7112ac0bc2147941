export interface PoolControllerOptions {
  /** Each pool is looked at this often. Default 5 s. */
  intervalMs?: number;
  /** Surplus ready instances removed per pass at most (trimming is slow on purpose). Default 1. */
  trimPerPass?: number;
  /** Stale ready instances replaced per batch. Default 2. */
  replacePerBatch?: number;
  /** Time between two replacement batches of one pool. Default 60 s. */
  replaceEveryMs?: number;
  /** New instances per pass at most, so a burst does not flood the cloud with boots. Default 10. */
  createPerPass?: number;
  /** Recent boot-to-ready times the refill measurement takes the median of. Default 20. */
  refillSamples?: number;
}

export function resolvePoolOptions(o: PoolControllerOptions): Required<PoolControllerOptions> {
  return {
    intervalMs: o.intervalMs ?? 5_000,
    trimPerPass: o.trimPerPass ?? 1,
    replacePerBatch: o.replacePerBatch ?? 2,
    replaceEveryMs: o.replaceEveryMs ?? 60_000,
    createPerPass: o.createPerPass ?? 10,
    refillSamples: o.refillSamples ?? 20,
  };
}
