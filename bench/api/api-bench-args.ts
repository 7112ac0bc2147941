import { parseArgs } from 'node:util';
import type { Engine } from './engine-run.js';

export const API_BENCH_USAGE = `usage: npm run bench:api -- [options]

  --seconds N          load duration per engine (default 10)
  --clients N          concurrent clients, each its own user and connection (default 16)
  --engines LIST       sqlite,postgres (default both; PostgreSQL from DROVER_TEST_PG_URL,
                       else a throwaway server from scripts/pg/start, skipped loudly if neither works)
  --m N --n N          the pool: at most m VMs, n kept ready and pre-filled (default 5000, 2000)
  --scale LIST         instance counts for the reconcile costs (default 1000,10000,100000; 'none' to skip)
  --scale-engines LIST engines for the reconcile costs (default sqlite)
  --out FILE.json      write every figure as JSON
  --markdown           print the tables as Markdown too`;

export interface ApiBenchOptions {
  seconds: number;
  clients: number;
  engines: Engine[];
  m: number;
  n: number;
  scale: number[];
  scaleEngines: Engine[];
  out: string | null;
  markdown: boolean;
}

export function parseApiBenchArgs(argv: string[]): ApiBenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      seconds: { type: 'string', default: '10' },
      clients: { type: 'string', default: '16' },
      engines: { type: 'string', default: 'sqlite,postgres' },
      m: { type: 'string', default: '5000' },
      n: { type: 'string', default: '2000' },
      scale: { type: 'string', default: '1000,10000,100000' },
      'scale-engines': { type: 'string', default: 'sqlite' },
      out: { type: 'string' },
      markdown: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(API_BENCH_USAGE);
  const m = whole('--m', values.m, 1);
  const n = whole('--n', values.n, 0);
  if (n > m) throw new Error(`--n (${n}) must be at most --m (${m})`);
  return {
    seconds: positive('--seconds', values.seconds),
    clients: whole('--clients', values.clients, 1),
    engines: engines('--engines', values.engines),
    m,
    n,
    scale: values.scale === 'none' ? [] : values.scale.split(',').map((s) => whole('--scale', s.trim(), 1)),
    scaleEngines: engines('--scale-engines', values['scale-engines']),
    out: values.out ?? null,
    markdown: values.markdown,
  };
}

function engines(flag: string, text: string): Engine[] {
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const e of list) if (e !== 'sqlite' && e !== 'postgres') throw new Error(`${flag}: unknown engine '${e}' (sqlite, postgres)`);
  return list as Engine[];
}

function whole(flag: string, text: string, min: number): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min) throw new Error(`${flag}: expected a whole number >= ${min}, got '${text}'`);
  return v;
}

function positive(flag: string, text: string): number {
  const v = Number(text);
  if (!(v > 0) || !Number.isFinite(v)) throw new Error(`${flag}: expected a number > 0, got '${text}'`);
  return v;
}
