import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertWellFormedSvg } from '../lib/svg-well-formed.js';
import { frontierPlotFile } from './frontier-plot.js';
import { renderFrontier } from './frontier-report.js';
import { parsePoolBenchArgs } from './pool-bench-args.js';
import { runPoolFrontier } from './run-pool-frontier.js';

/**
 * A tiny frontier run, to keep the mode working: the shape of its table, JSON and
 * chart, not its figures (those are in bench/results/).
 */

test('a six-hour frontier run gives a table, JSON with every run and the sweep, and a chart per trace', async () => {
  const options = parsePoolBenchArgs([
    '--frontier', '--builtin', 'bursty', '--days', '0.25', '--jobs', '1',
    '--frontier-static', '0,10', '--frontier-vmms', '5,10', '--frontier-predictive', '1,10',
  ]);
  assert.ok(options.frontier);
  const { report, plots } = await runPoolFrontier(options, options.frontier);

  const json = JSON.parse(JSON.stringify(report));
  assert.equal(json.benchmark, 'pool-frontier');
  assert.deepEqual(
    Object.fromEntries(Object.entries(json.sweep).map(([p, d]) => [p, [(d as { knob: string }).knob, (d as { values: number[] }).values, (d as { default: number }).default]])),
    { static: ['n0', [0, 10], 10], vmms: ['n0', [5, 10], 10], predictive: ['min', [1, 10], 1] },
  );
  assert.deepEqual(
    json.runs.map((r: { policy: string; sweep: { value: number; isDefault: boolean } }) => [r.policy, r.sweep.value, r.sweep.isDefault]),
    [['static', 0, false], ['static', 10, true], ['vmms', 5, false], ['vmms', 10, true], ['predictive', 1, true], ['predictive', 10, false]],
  );
  for (const r of report.runs) {
    assert.equal(r.trace, 'bursty');
    assert.equal(r.served, r.requests, `${r.policy} ${r.sweep.value}: every request got a VM`);
    assert.equal(r.hits + r.coldStarts, r.requests);
    assert.ok(Number.isFinite(r.idleVmHours) && r.idleVmHours >= 0);
    assert.deepEqual(r.problems, []);
  }
  const none = report.runs.find((r) => r.policy === 'static' && r.sweep.value === 0)!;
  assert.deepEqual([none.hits, none.idleVmHours], [0, 0], 'static n0 0 holds nothing, as none does');
  assert.ok(report.runs.filter((r) => r.policy === 'predictive').every((r) => r.pool.min === r.sweep.value && r.pool.n === 20));

  assert.equal(json.comparisons.length, 1);
  const [c] = json.comparisons;
  assert.equal(c.trace, 'bursty');
  assert.deepEqual(c.vmms.map((v: { n0: number }) => v.n0), [5, 10]);
  for (const v of c.vmms) {
    for (const k of ['predictiveHitRate', 'staticHitRate']) assert.ok(v[k] === null || (v[k] >= 0 && v[k] <= 1), `${k} is a share or null`);
  }

  const table = renderFrontier(report.runs, report.comparisons);
  assert.match(table, /== bursty ==\npolicy\s+setting\s+n\/m min\s+hit rate %\s+idle VM-h\s+cold\s+to VM p95 s/);
  for (const row of ['static +n0 0 ', 'static +n0 10 \\(normal run\\)', 'vmms +n0 5 ', 'predictive +min 1 \\(normal run\\)', 'predictive +min 10 ']) {
    assert.match(table, new RegExp(`\\n${row}`), row);
  }
  assert.match(table, /at vmms n0=10's idle cost \(\d+ VM-h\) predictive's curve gives (\d+\.\d\d%|nothing)/);

  assert.deepEqual(plots.map((p) => p.trace), ['bursty']);
  const svg = plots[0]!.svg;
  assertWellFormedSvg(svg);
  assert.deepEqual([...svg.matchAll(/<polyline data-series="([^"]+)"/g)].map((m) => m[1]!.split(' ')[0]), ['static', 'vmms', 'predictive']);
  assert.equal(svg.match(/<circle data-marked=/g)?.length, 3, "each policy's normal-run point ringed");
  assert.match(svg, /idle VM-hours over 0\.25 days/);
  assert.match(svg, /hit rate, % of requests served at once/);
});

test('frontier flags: lists parsed, defaults kept, misuse refused with the flag named', () => {
  const o = parsePoolBenchArgs(['--frontier', '--frontier-vmms', '4,8']);
  assert.deepEqual(o.frontier?.vmms, [4, 8]);
  assert.equal(o.frontier?.static.length, 11, 'the others keep their defaults');
  assert.equal(parsePoolBenchArgs([]).frontier, null);
  assert.throws(() => parsePoolBenchArgs(['--frontier-static', '0,5']), /--frontier-static: only with --frontier/);
  assert.throws(() => parsePoolBenchArgs(['--frontier', '--frontier-predictive', '1,x']), /--frontier-predictive: expected a whole number/);
  assert.throws(() => parsePoolBenchArgs(['--frontier', '--plot', 'policy=vmms,trace=bursty']), /--plot: not with --frontier/);
  assert.throws(() => parsePoolBenchArgs(['--frontier', '--policies', 'none']), /--frontier: nothing to sweep/);
});

test('with several traces each chart gets its own file', () => {
  assert.equal(frontierPlotFile('out/f.svg', 'bursty', 1), 'out/f.svg');
  assert.equal(frontierPlotFile('out/f.svg', 'bursty', 2), 'out/f-bursty.svg');
  assert.equal(frontierPlotFile('out/f', 'steady', 2), 'out/f-steady');
});
