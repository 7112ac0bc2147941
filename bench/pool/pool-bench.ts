/**
 * The pool benchmark: each trace replayed through the real leasing code once per pool
 * policy, on virtual time. See bench/README.md for what each figure means.
 *
 *   npm run bench:pool -- --days 14 --out bench/results/pool.json --plot policy=predictive,trace=office
 *
 * With --frontier, each policy's sizing knob is swept instead (see frontier-sweep.ts),
 * giving each policy's curve of hit rate against idle VM-hours:
 *
 *   npm run bench:pool -- --frontier --builtin bursty --out bench/results/pool-frontier-bursty.json \
 *     --frontier-plot bench/results/pool-frontier-bursty.svg
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FrontierSweeps } from './frontier-sweep.js';
import { frontierPlotFile } from './frontier-plot.js';
import { renderFrontier } from './frontier-report.js';
import { parsePoolBenchArgs, POOL_BENCH_USAGE, type PoolBenchOptions } from './pool-bench-args.js';
import { renderReport } from './pool-report.js';
import { runPoolBench } from './run-pool-bench.js';
import { runPoolFrontier } from './run-pool-frontier.js';

const log = (line: string): void => console.error(line);

let options;
try {
  options = parsePoolBenchArgs(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(message === POOL_BENCH_USAGE ? message : `${message}\n\n${POOL_BENCH_USAGE}`);
  process.exit(message === POOL_BENCH_USAGE ? 0 : 2);
}

if (options.frontier) await frontier(options, options.frontier);
else await normal(options);

async function normal(options: PoolBenchOptions): Promise<void> {
  const { report, plot } = await runPoolBench(options, log);
  console.log(renderReport(report.runs, report.verdicts));
  if (options.markdown) console.log(renderReport(report.runs, report.verdicts, true));
  for (const run of report.runs) for (const p of run.problems) console.error(`!! ${run.trace} / ${run.policy}: ${p}`);
  if (options.out) write(options.out, `${JSON.stringify(report, null, 2)}\n`, 'figures');
  if (plot && options.plot) write(options.plotOut ?? `bench/results/pool-${options.plot.policy}-${options.plot.trace}.svg`, plot, 'plot');
  console.error(`done in ${report.wallS.toFixed(0)} s`);
}

async function frontier(options: PoolBenchOptions, sweeps: FrontierSweeps): Promise<void> {
  const { report, plots } = await runPoolFrontier(options, sweeps, log);
  console.log(renderFrontier(report.runs, report.comparisons));
  if (options.markdown) console.log(renderFrontier(report.runs, report.comparisons, true));
  for (const run of report.runs) for (const p of run.problems) console.error(`!! ${run.trace} / ${run.policy} ${run.sweep.knob} ${run.sweep.value}: ${p}`);
  if (options.out) write(options.out, `${JSON.stringify(report, null, 2)}\n`, 'figures');
  if (options.frontierPlot) for (const { trace, svg } of plots) write(frontierPlotFile(options.frontierPlot, trace, plots.length), svg, 'chart');
  console.error(`done in ${report.wallS.toFixed(0)} s`);
}

function write(file: string, text: string, what: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.error(`${what} written to ${file}`);
}
