import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { builtinTrace, parseTraceCsv, type Trace } from '../../src/sim/trace/index.js';
import { machineInfo, type MachineInfo } from '../lib/machine.js';
import { policyPool, type PoolSizing } from './bench-profile.js';
import { BENCH_TUNING, PRODUCTION_TUNING, type BenchTuning } from './bench-tuning.js';
import type { PoolBenchOptions } from './pool-bench-args.js';
import type { PoolJob } from './pool-job.js';
import { poolPlot } from './pool-plot.js';
import { verdict, type PolicyFigures, type Verdict } from './pool-report.js';
import { runPoolJobs } from './run-pool-jobs.js';

/** What every run of a benchmark shared: the traces, the cloud, the sizing, the controller settings. */
export interface PoolBenchSettings {
  traces: { name: string; requests: number; horizonS: number; source: string }[];
  days: number | null;
  seed: number;
  bootMedianS: number;
  bootSigma: number;
  sizing: PoolSizing;
  tuning: BenchTuning;
}

export interface PoolBenchReport {
  benchmark: 'pool';
  takenAt: string;
  machine: MachineInfo;
  settings: PoolBenchSettings;
  runs: PolicyFigures[];
  verdicts: Verdict[];
  wallS: number;
}

export interface PoolBenchRun {
  report: PoolBenchReport;
  /** SVG text when a plot was asked for. */
  plot: string | null;
}

export function loadTraces(o: Pick<PoolBenchOptions, 'traceFile' | 'builtin' | 'seed' | 'days'>): { trace: Trace; source: string }[] {
  if (o.traceFile !== null) {
    const file = o.traceFile;
    const trace = parseTraceCsv(readFileSync(file, 'utf8'), { name: basename(file).replace(/\.csv$/i, '') });
    return [{ trace, source: file }];
  }
  return o.builtin.map((name) => ({ trace: builtinTrace(name, o.seed, o.days), source: `builtin ${name}, seed ${o.seed}, ${o.days} days` }));
}

export function sizingOf(o: Pick<PoolBenchOptions, 'n0' | 'm0' | 'min'>): PoolSizing {
  return { n0: o.n0, m0: o.m0, min: o.min };
}

export function tuningOf(o: Pick<PoolBenchOptions, 'productionSettings'>): BenchTuning {
  return o.productionSettings ? PRODUCTION_TUNING : BENCH_TUNING;
}

export function benchSettings(o: PoolBenchOptions, traces: readonly { trace: Trace; source: string }[]): PoolBenchSettings {
  return {
    traces: traces.map(({ trace, source }) => ({ name: trace.name, requests: trace.requests.length, horizonS: trace.horizonS, source })),
    days: o.traceFile === null ? o.days : null,
    seed: o.seed,
    bootMedianS: o.bootMedianMs / 1000,
    bootSigma: o.bootSigma,
    sizing: sizingOf(o),
    tuning: tuningOf(o),
  };
}

/**
 * Every (trace, policy) pair, each on a fresh store and cloud, `jobs` at a time in
 * worker threads (1: in this thread). Progress lines go to `log`.
 */
export async function runPoolBench(o: PoolBenchOptions, log: (line: string) => void = () => {}): Promise<PoolBenchRun> {
  const started = performance.now();
  const traces = loadTraces(o);
  const sizing = sizingOf(o);
  const tuning = tuningOf(o);
  const jobs: PoolJob[] = [];
  for (const { trace } of traces) {
    for (const policy of o.policies) {
      const keepPoints = o.plot !== null && o.plot.policy === policy && o.plot.trace === trace.name;
      jobs.push({ trace, pool: policyPool(policy, sizing, o.policyOptions[policy] ?? {}), seed: o.seed, bootMedianMs: o.bootMedianMs, bootSigma: o.bootSigma, keepPoints, tuning });
    }
  }
  if (o.plot && !jobs.some((j) => j.keepPoints)) throw new Error(`--plot: no run of policy ${o.plot.policy} on trace ${o.plot.trace} in this benchmark`);

  const results = await runPoolJobs(jobs, o.jobs, log);
  const runs = results.map((r) => r.figures);
  const verdicts = traces.map(({ trace }) => verdict(trace.name, runs)).filter((v): v is Verdict => v !== null);
  const plotted = results.find((r, i) => jobs[i]!.keepPoints);
  let plot: string | null = null;
  if (plotted) {
    const job = jobs[results.indexOf(plotted)]!;
    const days = job.trace.horizonS / 86_400;
    const span = `${Number(days.toFixed(2))} day${days === 1 ? '' : 's'}`;
    plot = poolPlot(`${job.pool.policy} on ${job.trace.name} (${span}, seed ${o.seed})`, plotted.points, job.trace.requests.map((q) => q.t), job.trace.horizonS);
  }
  return {
    report: {
      benchmark: 'pool',
      takenAt: new Date().toISOString(),
      machine: machineInfo(),
      settings: benchSettings(o, traces),
      runs,
      verdicts,
      wallS: (performance.now() - started) / 1000,
    },
    plot,
  };
}
