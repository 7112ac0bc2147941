import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseApiBenchArgs } from './api-bench-args.js';
import { renderApiReport } from './api-report.js';
import { runApiBench } from './run-api-bench.js';

/**
 * A small run of the API benchmark, to keep it working: a server process on SQLite, a
 * couple of seconds of load, and the reconcile costs at one small size. Shape only,
 * never figures (figures are not tests).
 */
test('two seconds of load against SQLite, and one reconcile-cost size', async () => {
  const options = parseApiBenchArgs(['--seconds', '2', '--clients', '2', '--engines', 'sqlite', '--m', '100', '--n', '10', '--scale', '200']);
  const report = await runApiBench(options);
  assert.equal(report.engines.length, 1);
  const { load } = report.engines[0]!;
  assert.ok(load.requests > 0);
  assert.deepEqual(load.errors, []);
  for (const o of load.operations) {
    assert.ok(o.count > 0, `${o.operation} ran`);
    assert.ok(Object.keys(o.statuses).every((s) => s.startsWith('2')), `${o.operation}: ${JSON.stringify(o.statuses)}`);
  }
  assert.ok(report.engines[0]!.readyBefore >= 10, 'the pool was filled before the load');
  assert.equal(report.scale.length, 1);
  assert.equal(report.scale[0]!.instances, 200);
  assert.equal(report.scale[0]!.stateManager.writes, 0, 'a healthy scan writes nothing');
  assert.match(renderApiReport(report), /POST \/v1\/leases[\s\S]*instances/);
});

test('bad flags are refused with the flag named', () => {
  assert.throws(() => parseApiBenchArgs(['--engines', 'mysql']), /--engines: unknown engine 'mysql'/);
  assert.throws(() => parseApiBenchArgs(['--n', '10', '--m', '5']), /--n \(10\) must be at most --m \(5\)/);
  assert.throws(() => parseApiBenchArgs(['--seconds', '0']), /--seconds/);
});
