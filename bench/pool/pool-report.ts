import type { LeaseRecord } from '../../src/store/store.js';
import { percentiles, type Percentiles } from '../lib/stats.js';
import { renderMarkdownTable, renderTextTable, type TableSpec } from '../lib/table.js';
import type { PolicyPool } from './bench-profile.js';
import { TRACE_EPOCH, type ReplayOutcome } from './replay.js';

/** One policy on one trace: the figures bench/README.md explains. */
export interface PolicyFigures {
  trace: string;
  policy: string;
  pool: PolicyPool;
  requests: number;
  /** Requests that got a usable VM (a lease that became active). */
  served: number;
  /** Leases that never got a VM (gave up, released while waiting, or still waiting at the end). */
  unserved: number;
  /** Served at once from a ready VM (lease.fromPool). */
  hits: number;
  hitRate: number;
  coldStarts: number;
  /** When the first cold starts happened (seconds from the trace start; at most 100). */
  coldAtS: number[];
  /** Seconds from request to a usable VM (0 for a hit), over served requests. */
  timeToVmS: Percentiles | null;
  /** The same over cold starts only. */
  coldTimeToVmS: Percentiles | null;
  /** Integral of idle VMs (ready, or booting for the pool) over the trace's arrival window, in VM-hours. */
  idleVmHours: number;
  idleVmHoursPerRequest: number;
  peakTotalVms: number;
  vmsCreated: number;
  /** Measured boot request to ready, seconds (what the policies see as refill time). */
  bootToReadyS: Percentiles | null;
  renewals: { done: number; refused: number };
  problems: string[];
  wallS: number;
}

export function figuresOf(trace: string, pool: PolicyPool, requests: number, o: ReplayOutcome): PolicyFigures {
  const served = o.leases.filter((l) => l.activeAt !== null);
  const hits = served.filter((l) => l.fromPool).length;
  const waits = served.map(waitS);
  const cold = served.filter((l) => !l.fromPool).map(waitS);
  return {
    trace,
    policy: pool.policy,
    pool,
    requests,
    served: served.length,
    unserved: o.leases.length - served.length,
    hits,
    hitRate: requests > 0 ? hits / requests : 0,
    coldStarts: requests - hits,
    coldAtS: o.leases
      .filter((l) => !l.fromPool)
      .map((l) => Math.round((l.createdAt - TRACE_EPOCH) / 100) / 10)
      .sort((a, b) => a - b)
      .slice(0, 100),
    timeToVmS: percentiles(waits),
    coldTimeToVmS: percentiles(cold),
    idleVmHours: o.idleVmHours,
    idleVmHoursPerRequest: served.length > 0 ? o.idleVmHours / served.length : 0,
    peakTotalVms: o.peakTotalVms,
    vmsCreated: o.vmsCreated,
    bootToReadyS: percentiles(o.bootToReadyMs.map((ms) => ms / 1000)),
    renewals: o.renewals,
    problems: [...o.refused, ...(o.leases.length !== requests ? [`${requests} requests made ${o.leases.length} leases`] : [])],
    wallS: o.wallMs / 1000,
  };
}

function waitS(l: LeaseRecord): number {
  return (l.activeAt! - l.createdAt) / 1000;
}

export interface Verdict {
  trace: string;
  beats: boolean;
  why: string;
  predictive: { hits: number; hitRate: number; idleVmHours: number };
  vmms: { hits: number; hitRate: number; idleVmHours: number };
}

/**
 * The bar for predictive against vmms on one trace: a higher hit rate at no
 * more idle VM-hours, or the same hit rate at fewer idle VM-hours. Both replay the
 * same requests, so hit rates are compared as hit counts (no rounding).
 */
export function verdict(trace: string, runs: readonly PolicyFigures[]): Verdict | null {
  const p = runs.find((r) => r.trace === trace && r.policy === 'predictive');
  const v = runs.find((r) => r.trace === trace && r.policy === 'vmms');
  if (!p || !v) return null;
  const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
  const idle = (x: number): string => `${x.toFixed(1)} idle VM-h`;
  let beats = false;
  let why: string;
  if (p.hits > v.hits && p.idleVmHours <= v.idleVmHours) {
    beats = true;
    why = `higher hit rate (${pct(p.hitRate)} vs ${pct(v.hitRate)}) at no more idle (${idle(p.idleVmHours)} vs ${idle(v.idleVmHours)})`;
  } else if (p.hits === v.hits && p.idleVmHours < v.idleVmHours) {
    beats = true;
    why = `same hit rate (${pct(p.hitRate)}) at fewer idle VM-hours (${p.idleVmHours.toFixed(1)} vs ${v.idleVmHours.toFixed(1)})`;
  } else {
    why = `hit rate ${pct(p.hitRate)} vs ${pct(v.hitRate)}, ${idle(p.idleVmHours)} vs ${idle(v.idleVmHours)}`;
  }
  const brief = (r: PolicyFigures) => ({ hits: r.hits, hitRate: r.hitRate, idleVmHours: r.idleVmHours });
  return { trace, beats, why, predictive: brief(p), vmms: brief(v) };
}

export function figuresTable(runs: readonly PolicyFigures[]): TableSpec {
  return {
    columns: [
      'trace',
      'policy',
      { header: 'n/m', align: 'right' },
      { header: 'hit rate', digits: 4 },
      'cold',
      { header: 'to VM p50 s', digits: 0 },
      { header: 'p95 s', digits: 0 },
      { header: 'p99 s', digits: 0 },
      { header: 'max s', digits: 0 },
      { header: 'idle VM-h', digits: 1 },
      { header: 'idle VM-h/req', digits: 3 },
      'peak VMs',
      'created',
    ],
    rows: runs.map((r) => [
      r.trace,
      r.policy,
      `${r.pool.n}/${r.pool.m}`,
      r.hitRate,
      r.coldStarts,
      r.timeToVmS?.p50,
      r.timeToVmS?.p95,
      r.timeToVmS?.p99,
      r.timeToVmS?.max,
      r.idleVmHours,
      r.idleVmHoursPerRequest,
      r.peakTotalVms,
      r.vmsCreated,
    ]),
  };
}

export function verdictTable(verdicts: readonly Verdict[]): TableSpec {
  return {
    columns: ['trace', { header: 'predictive beats vmms', align: 'left' }, { header: 'because', align: 'left' }],
    rows: verdicts.map((v) => [v.trace, v.beats ? 'yes' : 'NO', v.why]),
  };
}

export function renderReport(runs: readonly PolicyFigures[], verdicts: readonly Verdict[], markdown = false): string {
  const render = markdown ? renderMarkdownTable : renderTextTable;
  return `${render(figuresTable(runs))}\n${verdicts.length > 0 ? render(verdictTable(verdicts)) : ''}`;
}
