/**
 * Where a policy's extra hits on the bursty trace come from: how often a burst follows
 * another one closely (per seed, against what uniformly random burst times give), and,
 * with --replay, each burst's hits under two policies side by side, by the gap since
 * the burst before it.
 *
 *   npm run bench:bursts -- [--seeds 1-40] [--days 14] [--within 20m]
 *   npm run bench:bursts -- --seeds 1 --replay static,vmms
 */
import { parseArgs } from 'node:util';
import { parseDuration } from '../../src/core/duration.js';
import { builtinTrace, type Trace } from '../../src/sim/trace/index.js';
import { DEFAULT_SIZING, policyPool, POLICY_ORDER, type BenchPolicy } from './bench-profile.js';
import { burstStarts, closeShare, type Burst } from './bursts.js';
import { replayTrace, TRACE_EPOCH } from './replay.js';

const USAGE = 'usage: npm run bench:bursts -- [--seeds 1-40 | --seeds 1,2,3] [--days 14] [--within 20m] [--replay static,vmms]';
const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '1-40' }, days: { type: 'string', default: '14' }, within: { type: 'string', default: '20m' }, replay: { type: 'string' } },
});
const seeds = parseSeeds(values.seeds!);
const days = Number(values.days);
const withinMs = parseDuration(values.within!, 'within');
if (!(days > 0) || seeds.length === 0) fail(`--days and --seeds: expected a number of days > 0 and seeds such as 1-40 or 1,2,3`);

const BURSTS_PER_DAY = 4; // the bursty trace's (src/sim/trace/builtin-traces.ts)
const expected = 1 - Math.exp((-BURSTS_PER_DAY * withinMs) / 86_400_000);
let close = 0;
let gaps = 0;
for (const seed of seeds) {
  const bursts = burstStarts(builtinTrace('bursty', seed, days));
  const share = closeShare(bursts, withinMs);
  close += share.close;
  gaps += share.gaps;
  if (seeds.length <= 10) console.log(`seed ${seed}: ${share.close} of ${share.gaps} bursts came within ${values.within} of the one before (${pct(share.close / share.gaps)})`);
}
console.log(`seeds ${values.seeds}: ${close} of ${gaps} (${pct(close / gaps)}); uniformly random burst times give about ${pct(expected)}`);

if (values.replay) {
  const policies = values.replay.split(',') as BenchPolicy[];
  if (policies.length !== 2 || !policies.every((p) => (POLICY_ORDER as readonly string[]).includes(p)) || seeds.length !== 1) {
    fail('--replay takes two policies (e.g. static,vmms) and one seed');
  }
  await compare(builtinTrace('bursty', seeds[0]!, days), seeds[0]!, policies as [BenchPolicy, BenchPolicy], withinMs);
}

/** Each burst's hits under both policies; the difference split by whether the burst came soon after another. */
async function compare(trace: Trace, seed: number, [a, b]: [BenchPolicy, BenchPolicy], within: number): Promise<void> {
  const bursts = burstStarts(trace);
  const hitsPerBurst = async (policy: BenchPolicy): Promise<number[]> => {
    const out = await replayTrace({ trace, pool: policyPool(policy, DEFAULT_SIZING), seed, bootMedianMs: 90_000, bootSigma: 0.3 });
    const hitTimes = out.leases.filter((l) => l.fromPool).map((l) => (l.createdAt - TRACE_EPOCH) / 1000);
    return bursts.map((burst) => hitTimes.filter((t) => t >= burst.startS && t <= burst.endS).length);
  };
  const [ha, hb] = [await hitsPerBurst(a), await hitsPerBurst(b)];
  let soon = 0;
  let later = 0;
  bursts.forEach((burst: Burst, i) => {
    const d = hb[i]! - ha[i]!;
    if (burst.gapS !== null && burst.gapS * 1000 <= within) soon += d;
    else later += d;
  });
  console.log(`burst hits, ${b} minus ${a}: ${soon + later} in all; ${soon} in bursts within ${values.within} of the one before, ${later} in the others`);
}

function parseSeeds(text: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) return Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => Number(range[1]) + i);
  return text.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}
