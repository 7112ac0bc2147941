import { renderSvgPlot, type PlotSeries } from '../lib/svg-plot.js';
import type { LedgerPoint } from './instance-ledger.js';

const BUCKET_S = 600;

/**
 * Pool size and demand over time for one policy on one trace: ready VMs, VMs booting
 * for the pool (together: the idle VMs the policy pays for) and the requests of each
 * 10 minutes (the demand it answered). Leased VMs are left out: they are the same for
 * every policy and, at tens of times the pool's size, would flatten it.
 */
export function poolPlot(title: string, points: readonly LedgerPoint[], requestTimesS: readonly number[], horizonS: number): string {
  const demand = new Map<number, number>();
  for (const t of requestTimesS) {
    const b = Math.floor(t / BUCKET_S) * BUCKET_S;
    demand.set(b, (demand.get(b) ?? 0) + 1);
  }
  const buckets: [number, number][] = [];
  for (let b = 0; b <= horizonS; b += BUCKET_S) buckets.push([b, demand.get(b) ?? 0]);
  const within = points.filter((p) => p.t <= horizonS);
  const series: PlotSeries[] = [
    { name: 'ready', points: within.map((p) => [p.t, p.ready]) },
    { name: 'booting for the pool', points: within.map((p) => [p.t, p.provisioning]) },
    { name: 'requests / 10 min', points: buckets },
  ];
  return renderSvgPlot({ title, series, yLabel: 'VMs, requests', width: 1100, height: 420 });
}
