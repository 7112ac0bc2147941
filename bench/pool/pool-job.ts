import type { Trace } from '../../src/sim/trace/index.js';
import type { PolicyPool } from './bench-profile.js';
import type { BenchTuning } from './bench-tuning.js';
import type { LedgerPoint } from './instance-ledger.js';
import { figuresOf, type PolicyFigures } from './pool-report.js';
import { replayTrace } from './replay.js';

/** One replay: plain data, so that it can be sent to a worker thread. */
export interface PoolJob {
  trace: Trace;
  pool: PolicyPool;
  seed: number;
  bootMedianMs: number;
  bootSigma: number;
  keepPoints: boolean;
  tuning: BenchTuning;
}

export interface PoolJobResult {
  figures: PolicyFigures;
  points: LedgerPoint[];
}

export async function runPoolJob(job: PoolJob): Promise<PoolJobResult> {
  const outcome = await replayTrace({
    trace: job.trace,
    pool: job.pool,
    seed: job.seed,
    bootMedianMs: job.bootMedianMs,
    bootSigma: job.bootSigma,
    keepPoints: job.keepPoints,
    tuning: job.tuning,
  });
  return { figures: figuresOf(job.trace.name, job.pool, job.trace.requests.length, outcome), points: outcome.points };
}
