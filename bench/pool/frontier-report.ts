import { renderMarkdownTable, renderTextTable, type TableSpec } from '../lib/table.js';
import { comparisonSentence, type FrontierComparison } from './frontier-compare.js';
import { FRONTIER_POLICIES } from './frontier-sweep.js';
import type { PolicyFigures } from './pool-report.js';

/** A normal run's figures, plus where on its policy's sweep the run sits. */
export type FrontierRun = PolicyFigures & { sweep: { knob: 'n0' | 'min'; value: number; isDefault: boolean } };

const pct = (x: number | null): number | null => (x === null ? null : 100 * x);

/** One trace's sweep: a row per run, by policy then knob value. */
export function frontierTable(runs: readonly FrontierRun[]): TableSpec {
  const order = (r: FrontierRun): number => (FRONTIER_POLICIES as readonly string[]).indexOf(r.policy);
  const sorted = [...runs].sort((a, b) => order(a) - order(b) || a.sweep.value - b.sweep.value);
  return {
    columns: [
      'policy',
      { header: 'setting', align: 'left' },
      { header: 'n/m min', align: 'right' },
      { header: 'hit rate %', digits: 2 },
      { header: 'idle VM-h', digits: 1 },
      'cold',
      { header: 'to VM p95 s', digits: 0 },
    ],
    rows: sorted.map((r) => [
      r.policy,
      `${r.sweep.knob} ${r.sweep.value}${r.sweep.isDefault ? ' (normal run)' : ''}`,
      `${r.pool.n}/${r.pool.m} ${r.pool.min}`,
      100 * r.hitRate,
      r.idleVmHours,
      r.coldStarts,
      r.timeToVmS?.p95,
    ]),
  };
}

/** Each vmms point against the other curves at its idle VM-hours ("-": outside that curve's range). */
export function comparisonTable(c: FrontierComparison): TableSpec {
  return {
    columns: [
      { header: 'vmms n0', align: 'left' },
      { header: 'vmms idle VM-h', digits: 1 },
      { header: 'vmms hit rate %', digits: 2 },
      { header: "predictive's curve %", digits: 2 },
      { header: "static's curve %", digits: 2 },
    ],
    rows: c.vmms.map((v) => [`${v.n0}${v.isDefault ? ' (normal run)' : ''}`, v.idleVmHours, 100 * v.hitRate, pct(v.predictiveHitRate), pct(v.staticHitRate)]),
  };
}

/** Per trace: the sweep table, then (when vmms was swept) the comparison table and its sentences. */
export function renderFrontier(runs: readonly FrontierRun[], comparisons: readonly FrontierComparison[], markdown = false): string {
  const render = markdown ? renderMarkdownTable : renderTextTable;
  const out: string[] = [];
  for (const c of comparisons) {
    out.push(markdown ? `#### ${c.trace}\n` : `== ${c.trace} ==`);
    out.push(render(frontierTable(runs.filter((r) => r.trace === c.trace))));
    if (c.vmms.length === 0) continue;
    const range = (r: [number, number] | null): string => (r === null ? 'not swept' : `${r[0].toFixed(0)}-${r[1].toFixed(0)} VM-h`);
    out.push(render(comparisonTable(c)));
    out.push(`swept idle VM-h: predictive ${range(c.ranges.predictive)}, static ${range(c.ranges.static)}`);
    out.push(`${c.vmms.map((v) => `${markdown ? '- ' : ''}${comparisonSentence(v)}`).join('\n')}\n`);
  }
  return out.join('\n');
}
