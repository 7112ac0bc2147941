/**
 * The API benchmark: Drover started in a child process (SQLite, then PostgreSQL when
 * available) with a large pre-filled pool on the simulated cloud, driven by N clients
 * from this process; then the cost of a state-manager scan and a pool reconcile at
 * growing sizes. See bench/README.md.
 *
 *   npm run bench:api -- --seconds 10 --clients 16 --out bench/results/api.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { API_BENCH_USAGE, parseApiBenchArgs } from './api-bench-args.js';
import { renderApiReport } from './api-report.js';
import { runApiBench } from './run-api-bench.js';

let options;
try {
  options = parseApiBenchArgs(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(message === API_BENCH_USAGE ? message : `${message}\n\n${API_BENCH_USAGE}`);
  process.exit(message === API_BENCH_USAGE ? 0 : 2);
}

const report = await runApiBench(options, (line) => console.error(line));
console.log(renderApiReport(report));
if (options.markdown) console.log(renderApiReport(report, true));
for (const e of report.engines) for (const err of e.load.errors) console.error(`!! ${e.engine}: ${err}`);
if (options.out) {
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  console.error(`figures written to ${options.out}`);
}
console.error(`done in ${report.wallS.toFixed(0)} s`);
