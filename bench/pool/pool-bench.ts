/**
 * The pool benchmark: each trace replayed through the real leasing code once per pool
 * policy, on virtual time. See bench/README.md for what each figure means.
 *
 *   npm run bench:pool -- --days 14 --out bench/results/pool.json --plot policy=predictive,trace=office
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parsePoolBenchArgs, POOL_BENCH_USAGE } from './pool-bench-args.js';
import { renderReport } from './pool-report.js';
import { runPoolBench } from './run-pool-bench.js';

let options;
try {
  options = parsePoolBenchArgs(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(message === POOL_BENCH_USAGE ? message : `${message}\n\n${POOL_BENCH_USAGE}`);
  process.exit(message === POOL_BENCH_USAGE ? 0 : 2);
}

const { report, plot } = await runPoolBench(options, (line) => console.error(line));
console.log(renderReport(report.runs, report.verdicts));
if (options.markdown) console.log(renderReport(report.runs, report.verdicts, true));
for (const run of report.runs) for (const p of run.problems) console.error(`!! ${run.trace} / ${run.policy}: ${p}`);
if (options.out) {
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  console.error(`figures written to ${options.out}`);
}
if (plot && options.plot) {
  const file = options.plotOut ?? `bench/results/pool-${options.plot.policy}-${options.plot.trace}.svg`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, plot);
  console.error(`plot written to ${file}`);
}
console.error(`done in ${report.wallS.toFixed(0)} s`);
