import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parsePoolBenchArgs } from './pool-bench-args.js';
import { renderReport } from './pool-report.js';
import { runPoolBench } from './run-pool-bench.js';

/**
 * A small run of the pool benchmark, to keep it working: its shape, not its figures
 * (figures are not tests: they are in bench/results/ and bench/README.md).
 */

test('a one-day built-in trace replays under two policies and every request is served', async () => {
  const options = parsePoolBenchArgs(['--builtin', 'steady', '--days', '1', '--policies', 'vmms,predictive', '--jobs', '1', '--plot', 'policy=predictive,trace=steady']);
  const { report, plot } = await runPoolBench(options);
  assert.deepEqual(report.runs.map((r) => [r.trace, r.policy]), [['steady', 'vmms'], ['steady', 'predictive']]);
  for (const r of report.runs) {
    assert.ok(r.requests > 0);
    assert.equal(r.served, r.requests, `${r.policy}: every request got a VM`);
    assert.equal(r.hits + r.coldStarts, r.requests);
    assert.ok(r.timeToVmS && r.timeToVmS.count === r.served);
    assert.ok(Number.isFinite(r.idleVmHours) && r.idleVmHours >= 0);
    assert.ok(r.vmsCreated >= r.coldStarts && r.peakTotalVms > 0);
    assert.deepEqual(r.problems, []);
  }
  assert.equal(report.verdicts.length, 1);
  assert.equal(typeof report.verdicts[0]!.beats, 'boolean');
  assert.match(renderReport(report.runs, report.verdicts), /^trace\s+policy/);
  assert.match(plot ?? '', /^<svg[\s\S]*data-series="ready"[\s\S]*<\/svg>\n$/);
  assert.ok(JSON.parse(JSON.stringify(report)).machine.node.startsWith('v'));
});

test('a CSV trace with importance and renewals replays through the renew and release use cases', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pool-bench-test-'));
  try {
    const file = join(dir, 'small.csv');
    writeFileSync(
      file,
      ['t_seconds,profile,duration_seconds,importance,renew_at_seconds', '10,dev,3600,,', '20,dev,1800,7,900', '600,redis,7200,,3600', '5000,dev,600,,'].join('\n'),
    );
    const { report } = await runPoolBench(parsePoolBenchArgs(['--trace', file, '--policies', 'none,static', '--jobs', '1']));
    assert.deepEqual(report.settings.traces.map((t) => [t.name, t.requests]), [['small', 4]]);
    for (const r of report.runs) {
      assert.equal(r.served, 4, `${r.policy}: every request got a VM`);
      assert.deepEqual(r.renewals, { done: 2, refused: 0 });
      assert.deepEqual(r.problems, []);
    }
    assert.equal(report.runs.find((r) => r.policy === 'none')!.hits, 0, 'no pool: every request boots');
    assert.deepEqual(report.verdicts, [], 'no verdict without both vmms and predictive');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad flags are refused with the flag named', () => {
  assert.throws(() => parsePoolBenchArgs(['--builtin', 'weekly']), /--builtin: unknown trace 'weekly'/);
  assert.throws(() => parsePoolBenchArgs(['--policies', 'greedy']), /--policies: unknown policy 'greedy'/);
  assert.throws(() => parsePoolBenchArgs(['--plot', 'predictive']), /--plot: expected policy=P,trace=T/);
  assert.throws(() => parsePoolBenchArgs(['--boot-median', 'soon']), /--boot-median/);
  assert.throws(() => parsePoolBenchArgs(['--trace', 'a.csv', '--builtin', 'steady']), /give one or the other/);
});
