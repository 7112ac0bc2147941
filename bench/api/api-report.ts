import { renderMarkdownTable, renderTextTable, type TableSpec } from '../lib/table.js';
import type { ApiBenchReport } from './run-api-bench.js';

export function loadTable(r: ApiBenchReport): TableSpec {
  return {
    columns: [
      'engine',
      'operation',
      'requests',
      { header: 'req/s', digits: 0 },
      { header: 'p50 ms', digits: 1 },
      { header: 'p95 ms', digits: 1 },
      { header: 'p99 ms', digits: 1 },
      { header: 'max ms', digits: 1 },
      { header: 'statuses', align: 'left' },
    ],
    rows: r.engines.flatMap((e) => [
      ...e.load.operations.map((o) => [
        e.engine,
        o.operation,
        o.count,
        o.perSecond,
        o.latencyMs?.p50,
        o.latencyMs?.p95,
        o.latencyMs?.p99,
        o.latencyMs?.max,
        Object.entries(o.statuses).map(([s, n]) => `${s}:${n}`).join(' '),
      ]),
      [
        e.engine,
        'all',
        e.load.requests,
        e.load.requestsPerSecond,
        null,
        null,
        null,
        null,
        `pool hits ${e.load.poolHitRate === null ? '-' : `${(100 * e.load.poolHitRate).toFixed(1)}%`}; ready ${e.readyBefore} -> ${e.readyAfter}`,
      ],
    ]),
  };
}

export function scaleTable(r: ApiBenchReport): TableSpec {
  return {
    columns: [
      'engine',
      'instances',
      { header: 'keys() ms', digits: 1 },
      { header: 'scan ms', digits: 0 },
      { header: 'µs/instance', digits: 0 },
      { header: 'scan x per 10x', digits: 1 },
      { header: 'pool reconcile ms', digits: 1 },
      { header: 'pool x per 10x', digits: 1 },
    ],
    rows: r.scale.map((s) => [
      s.engine,
      s.instances,
      s.stateManager.keysMs,
      s.stateManager.scanMs,
      s.stateManager.perInstanceUs,
      s.scanGrowth,
      s.poolReconcile.ms,
      s.poolGrowth,
    ]),
  };
}

export function renderApiReport(r: ApiBenchReport, markdown = false): string {
  const render = markdown ? renderMarkdownTable : renderTextTable;
  const parts = [];
  if (r.engines.length > 0) parts.push(render(loadTable(r)));
  for (const s of r.skipped) parts.push(`SKIPPED ${s.engine}: ${s.why}\n`);
  if (r.scale.length > 0) parts.push(render(scaleTable(r)));
  return parts.join('\n');
}
