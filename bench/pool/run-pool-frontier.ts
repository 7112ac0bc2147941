import { machineInfo, type MachineInfo } from '../lib/machine.js';
import { compareAtVmmsCost, type FrontierComparison } from './frontier-compare.js';
import { frontierPlot } from './frontier-plot.js';
import type { FrontierRun } from './frontier-report.js';
import { FRONTIER_POLICIES, sweepPoints, type FrontierPolicy, type FrontierSweeps, type SweepDescription } from './frontier-sweep.js';
import type { PoolBenchOptions } from './pool-bench-args.js';
import type { PoolJob } from './pool-job.js';
import { benchSettings, loadTraces, sizingOf, tuningOf, type PoolBenchSettings } from './run-pool-bench.js';
import { runPoolJobs } from './run-pool-jobs.js';

export interface PoolFrontierReport {
  benchmark: 'pool-frontier';
  takenAt: string;
  machine: MachineInfo;
  settings: PoolBenchSettings;
  /** Per policy: the knob swept, its values, the normal run's value, what stays fixed. */
  sweep: Partial<Record<FrontierPolicy, SweepDescription>>;
  runs: FrontierRun[];
  /** Per trace: each vmms point against predictive's and static's curves at its idle VM-hours. */
  comparisons: FrontierComparison[];
  wallS: number;
}

export interface PoolFrontierRun {
  report: PoolFrontierReport;
  /** One chart per trace, SVG text. */
  plots: { trace: string; svg: string }[];
}

/**
 * Each trace replayed once per point of each policy's sweep (only the policies in
 * --policies; `none` is static's n0 0), `jobs` at a time, every other setting as in
 * a normal run.
 */
export async function runPoolFrontier(o: PoolBenchOptions, sweeps: FrontierSweeps, log: (line: string) => void = () => {}): Promise<PoolFrontierRun> {
  const started = performance.now();
  const traces = loadTraces(o);
  const wanted = Object.fromEntries(FRONTIER_POLICIES.map((p) => [p, (o.policies as readonly string[]).includes(p) ? sweeps[p] : []])) as FrontierSweeps;
  const { points, description } = sweepPoints(wanted, sizingOf(o), o.policyOptions);
  if (points.length === 0) throw new Error(`--frontier: nothing to sweep (policies ${o.policies.join(', ')}; the sweeps are of ${FRONTIER_POLICIES.join(', ')})`);

  const jobs: PoolJob[] = [];
  const names = new Map<PoolJob, string>();
  for (const { trace } of traces) {
    for (const point of points) {
      const job: PoolJob = { trace, pool: point.pool, seed: o.seed, bootMedianMs: o.bootMedianMs, bootSigma: o.bootSigma, keepPoints: false, tuning: tuningOf(o) };
      jobs.push(job);
      names.set(job, `${trace.name} / ${point.policy} ${point.knob} ${point.value}`);
    }
  }
  const results = await runPoolJobs(jobs, o.jobs, log, (job) => names.get(job)!);
  const runs: FrontierRun[] = results.map((r, i) => {
    const point = points[i % points.length]!;
    return { ...r.figures, sweep: { knob: point.knob, value: point.value, isDefault: point.isDefault } };
  });

  const comparisons = traces.map(({ trace }) => {
    const of = (policy: FrontierPolicy) => runs.filter((r) => r.trace === trace.name && r.policy === policy);
    const vmms = of('vmms').map((r) => ({ n0: r.sweep.value, isDefault: r.sweep.isDefault, idleVmHours: r.idleVmHours, hitRate: r.hitRate }));
    return compareAtVmmsCost(trace.name, vmms, of('predictive'), of('static'));
  });
  const settings = benchSettings(o, traces);
  const plots = traces.map(({ trace }) => {
    const days = trace.horizonS / 86_400;
    const span = `${Number(days.toFixed(2))} day${days === 1 ? '' : 's'}`;
    const title = `${trace.name} (${span}, seed ${o.seed}): hit rate against idle VM-hours, each policy over its sizing knob`;
    return { trace: trace.name, svg: frontierPlot(title, runs.filter((r) => r.trace === trace.name), days) };
  });
  return {
    report: { benchmark: 'pool-frontier', takenAt: new Date().toISOString(), machine: machineInfo(), settings, sweep: description, runs, comparisons, wallS: (performance.now() - started) / 1000 },
    plots,
  };
}
