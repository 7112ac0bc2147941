import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { parseDuration } from '../../src/core/duration.js';
import { BUILTIN_TRACE_NAMES } from '../../src/sim/trace/index.js';
import { DEFAULT_SIZING, POLICY_ORDER, type BenchPolicy } from './bench-profile.js';
import { DEFAULT_FRONTIER_SWEEPS, FRONTIER_POLICIES, type FrontierPolicy, type FrontierSweeps } from './frontier-sweep.js';

export const POOL_BENCH_USAGE = `usage: npm run bench:pool -- [options]

  --trace FILE.csv            replay this trace (t_seconds,profile,duration_seconds[,importance,renew_at_seconds])
  --builtin LIST              built-in traces, comma-separated (default: ${BUILTIN_TRACE_NAMES.join(',')})
  --days N                    length of built-in traces in days (default 14)
  --seed N                    trace and cloud seed (default 1)
  --boot-median DURATION      median boot request to ready, lognormal around it (default 90s)
  --boot-sigma X              spread of that lognormal (default 0.3)
  --policies LIST             default ${POLICY_ORDER.join(',')}
  --n0 N --m0 N               vmms's base n and m; see bench/README.md (default ${DEFAULT_SIZING.n0}, ${DEFAULT_SIZING.m0})
  --min N                     every pool's min (default ${DEFAULT_SIZING.min}, the profile default)
  --vmms-options JSON         pool.options for vmms (default: the policy's defaults)
  --predictive-options JSON   pool.options for predictive (default: the policy's defaults)
  --out FILE.json             write every figure as JSON
  --plot policy=P,trace=T     draw pool size and demand over time for one run
  --plot-out FILE.svg         where the plot goes (default bench/results/pool-P-T.svg)
  --jobs N                    runs in parallel (worker threads; default ${defaultJobs()})
  --production-settings       the controllers' production intervals, no wake-ups (slow: about
                              a minute per simulated day; to check what the replay's settings change)
  --markdown                  print the tables as Markdown too

  --frontier                  sweep each policy's sizing knob instead: hit rate against idle VM-hours
                              per policy (none is static's n0 0); other settings as in a normal run
  --frontier-static LIST      static's n0 values (default ${DEFAULT_FRONTIER_SWEEPS.static.join(',')})
  --frontier-vmms LIST        vmms's n0 values (default ${DEFAULT_FRONTIER_SWEEPS.vmms.join(',')})
  --frontier-predictive LIST  predictive's min values, at most its n (default ${DEFAULT_FRONTIER_SWEEPS.predictive.join(',')})
  --frontier-plot FILE.svg    write the chart (one per trace: FILE-TRACE.svg when there are several)`;

export interface PoolBenchOptions {
  traceFile: string | null;
  builtin: string[];
  days: number;
  seed: number;
  bootMedianMs: number;
  bootSigma: number;
  policies: BenchPolicy[];
  n0: number;
  m0: number;
  min: number;
  policyOptions: Partial<Record<BenchPolicy, Record<string, unknown>>>;
  out: string | null;
  plot: { policy: string; trace: string } | null;
  plotOut: string | null;
  jobs: number;
  markdown: boolean;
  productionSettings: boolean;
  /** Frontier mode's sweeps; null for a normal run. */
  frontier: FrontierSweeps | null;
  frontierPlot: string | null;
}

function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** Throws an Error whose message is for the user (bad flag, bad value). */
export function parsePoolBenchArgs(argv: string[]): PoolBenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      trace: { type: 'string' },
      builtin: { type: 'string' },
      days: { type: 'string', default: '14' },
      seed: { type: 'string', default: '1' },
      'boot-median': { type: 'string', default: '90s' },
      'boot-sigma': { type: 'string', default: '0.3' },
      policies: { type: 'string', default: POLICY_ORDER.join(',') },
      n0: { type: 'string', default: String(DEFAULT_SIZING.n0) },
      m0: { type: 'string', default: String(DEFAULT_SIZING.m0) },
      min: { type: 'string', default: String(DEFAULT_SIZING.min) },
      'vmms-options': { type: 'string' },
      'predictive-options': { type: 'string' },
      out: { type: 'string' },
      plot: { type: 'string' },
      'plot-out': { type: 'string' },
      jobs: { type: 'string', default: String(defaultJobs()) },
      markdown: { type: 'boolean', default: false },
      'production-settings': { type: 'boolean', default: false },
      frontier: { type: 'boolean', default: false },
      'frontier-static': { type: 'string' },
      'frontier-vmms': { type: 'string' },
      'frontier-predictive': { type: 'string' },
      'frontier-plot': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(POOL_BENCH_USAGE);
  if (values.trace !== undefined && values.builtin !== undefined) throw new Error('--trace and --builtin: give one or the other');
  const builtin = values.trace !== undefined ? [] : list(values.builtin ?? BUILTIN_TRACE_NAMES.join(','));
  for (const b of builtin) {
    if (!(BUILTIN_TRACE_NAMES as readonly string[]).includes(b)) throw new Error(`--builtin: unknown trace '${b}' (built-in: ${BUILTIN_TRACE_NAMES.join(', ')})`);
  }
  const frontierFlags = ['frontier-static', 'frontier-vmms', 'frontier-predictive', 'frontier-plot'] as const;
  if (!values.frontier) {
    for (const f of frontierFlags) if (values[f] !== undefined) throw new Error(`--${f}: only with --frontier`);
  } else if (values.plot !== undefined) {
    throw new Error('--plot: not with --frontier (its chart is --frontier-plot)');
  }
  const policies = list(values.policies) as BenchPolicy[];
  for (const p of policies) if (!(POLICY_ORDER as readonly string[]).includes(p)) throw new Error(`--policies: unknown policy '${p}' (${POLICY_ORDER.join(', ')})`);
  const frontier = values.frontier ? frontierSweeps(values) : null;
  if (frontier && !FRONTIER_POLICIES.some((p) => (policies as string[]).includes(p) && frontier[p].length > 0)) {
    throw new Error(`--frontier: nothing to sweep (it sweeps ${FRONTIER_POLICIES.join(', ')}; --policies gives ${policies.join(', ')})`);
  }
  return {
    traceFile: values.trace ?? null,
    builtin,
    days: number('--days', values.days, { min: 1 / 24 }),
    seed: number('--seed', values.seed, { integer: true }),
    bootMedianMs: parseDuration(values['boot-median'], '--boot-median'),
    bootSigma: number('--boot-sigma', values['boot-sigma'], { min: 0 }),
    policies,
    n0: number('--n0', values.n0, { min: 0, integer: true }),
    m0: number('--m0', values.m0, { min: 1, integer: true }),
    min: number('--min', values.min, { min: 0, integer: true }),
    policyOptions: {
      ...(values['vmms-options'] !== undefined ? { vmms: json('--vmms-options', values['vmms-options']) } : {}),
      ...(values['predictive-options'] !== undefined ? { predictive: json('--predictive-options', values['predictive-options']) } : {}),
    },
    out: values.out ?? null,
    plot: values.plot !== undefined ? plotSpec(values.plot) : null,
    plotOut: values['plot-out'] ?? null,
    jobs: number('--jobs', values.jobs, { min: 1, integer: true }),
    markdown: values.markdown,
    productionSettings: values['production-settings'],
    frontier,
    frontierPlot: values['frontier-plot'] ?? null,
  };
}

/** Each policy's sweep: its --frontier-POLICY list, else the default. */
function frontierSweeps(values: Partial<Record<`frontier-${FrontierPolicy}`, string>>): FrontierSweeps {
  const sweep = (p: FrontierPolicy): number[] => {
    const given = values[`frontier-${p}`];
    return given === undefined ? [...DEFAULT_FRONTIER_SWEEPS[p]] : list(given).map((v) => number(`--frontier-${p}`, v, { min: 0, integer: true }));
  };
  return { static: sweep('static'), vmms: sweep('vmms'), predictive: sweep('predictive') };
}

function list(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

function number(flag: string, text: string, o: { min?: number; integer?: boolean } = {}): number {
  const v = Number(text);
  if (!Number.isFinite(v) || (o.integer && !Number.isInteger(v)) || (o.min !== undefined && v < o.min)) {
    throw new Error(`${flag}: expected ${o.integer ? 'a whole number' : 'a number'}${o.min !== undefined ? ` >= ${o.min}` : ''}, got '${text}'`);
  }
  return v;
}

function json(flag: string, text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(`${flag}: not JSON: ${text}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${flag}: expected a JSON object, got ${text}`);
  return v as Record<string, unknown>;
}

function plotSpec(text: string): { policy: string; trace: string } {
  const pairs = Object.fromEntries(list(text).map((kv) => kv.split('=').map((s) => s.trim()) as [string, string]));
  if (!pairs.policy || !pairs.trace || Object.keys(pairs).length !== 2) throw new Error(`--plot: expected policy=P,trace=T, got '${text}'`);
  return { policy: pairs.policy, trace: pairs.trace };
}
