import { renderSvgPlot, type PlotSeries } from '../lib/svg-plot.js';
import { FRONTIER_POLICIES } from './frontier-sweep.js';
import type { FrontierRun } from './frontier-report.js';

/** The policies' colours as the other pool plots would give them (none, static, vmms, predictive). */
const COLORS: Record<string, string> = { static: '#ff7f0e', vmms: '#2ca02c', predictive: '#d62728' };
/** Labels on different sides per policy: the curves run close together on some traces. */
const LABEL_OFFSETS: Record<string, [number, number]> = { static: [-6, -6], vmms: [6, 13], predictive: [6, -6] };

/**
 * One trace's trade-off chart: for each policy a line through its sweep, x = idle
 * VM-hours, y = hit rate in percent; each point labelled with its knob value, the
 * normal run's setting ringed. Up and to the left is better.
 */
export function frontierPlot(title: string, runs: readonly FrontierRun[], days: number | null): string {
  const series: PlotSeries[] = [];
  for (const policy of FRONTIER_POLICIES) {
    const mine = runs.filter((r) => r.policy === policy).sort((a, b) => a.sweep.value - b.sweep.value);
    if (mine.length === 0) continue;
    const knob = mine[0]!.sweep.knob;
    // Points are labelled with their knob value; the legend names the knob.
    series.push({
      name: `${policy} (points labelled ${knob})`,
      color: COLORS[policy],
      step: false,
      markers: true,
      points: mine.map((r) => [r.idleVmHours, 100 * r.hitRate]),
      pointLabels: mergedLabels(mine),
      labelOffset: LABEL_OFFSETS[policy],
      marked: mine.flatMap((r, i) => (r.sweep.isDefault ? [i] : [])),
    });
  }
  const over = days === null ? 'over the trace' : `over ${Number(days.toFixed(2))} day${days === 1 ? '' : 's'}`;
  return renderSvgPlot({
    title,
    series,
    xAxis: 'number',
    xLabel: `idle VM-hours ${over} (ready VMs and VMs booting for the pool)`,
    yLabel: 'hit rate, % of requests served at once',
    markedLabel: "the normal run's setting",
    legend: 'inside',
    width: 900,
    height: 520,
  });
}

/** Each point's knob value; points that land on the same spot share one label ("1, 2"). */
function mergedLabels(runs: readonly FrontierRun[]): (string | null)[] {
  const first = new Map<string, number>();
  const labels: (string | null)[] = runs.map((r) => String(r.sweep.value));
  runs.forEach((r, i) => {
    const at = `${r.idleVmHours.toFixed(1)} ${r.hits}`;
    const j = first.get(at);
    if (j === undefined) first.set(at, i);
    else {
      labels[j] = `${labels[j]}, ${labels[i]}`;
      labels[i] = null;
    }
  });
  return labels;
}

/** Where one trace's chart goes: `file` itself for a single trace, else FILE-TRACE.svg. */
export function frontierPlotFile(file: string, trace: string, traces: number): string {
  if (traces <= 1) return file;
  const dot = file.toLowerCase().endsWith('.svg') ? file.length - 4 : file.length;
  return `${file.slice(0, dot)}-${trace}${file.slice(dot)}`;
}
