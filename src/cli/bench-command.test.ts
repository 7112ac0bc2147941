/**
 * `drover bench`: the real benchmark through bin/drover.js in a child process (what a
 * user's shell sees), and the command's own failures in-process against a stand-in
 * package root.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drover } from './testing.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'drover.js');

/** bin/drover.js from a directory outside the package: the root comes from the CLI's own location. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DROVER_')));
  const child = spawn(process.execPath, [BIN, ...args], { cwd: tmpdir(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A package root whose bench/pool/pool-bench.ts is `source` (and tsx resolves, as in a clone). */
function fakeRoot(source?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'drover-bench-'));
  roots.push(root);
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  if (source !== undefined) {
    mkdirSync(join(root, 'bench', 'pool'), { recursive: true });
    writeFileSync(join(root, 'bench', 'pool', 'pool-bench.ts'), source);
  }
  return root;
}

describe('drover bench, through bin/drover.js', () => {
  it('pool runs the benchmark with the arguments given: the table on stdout names those policies', { timeout: 120_000 }, async () => {
    const r = await run(['bench', 'pool', '--builtin', 'steady', '--days', '0.05', '--policies', 'none,static', '--jobs', '1', '--seed', '3']);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('steady '));
    assert.deepEqual(rows.map((l) => l.split(/\s+/)[1]), ['none', 'static'], r.stdout);
    assert.match(r.stdout, /^trace\s+policy\s+n\/m\s+hit rate/);
    // Progress goes to stderr, so the table alone can be redirected.
    assert.match(r.stderr, /steady \/ static: hit rate/);
    assert.doesNotMatch(r.stdout, /done in/);
  });

  it('pool passes an unknown flag to the benchmark, which refuses it with its usage and exit 2', async () => {
    const r = await run(['bench', 'pool', '--no-such-flag']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^Unknown option '--no-such-flag'/);
    assert.match(r.stderr, /usage: npm run bench:pool -- \[options\]/);
  });

  it('pool --help is the benchmark\'s own usage, not commander\'s', async () => {
    const r = await run(['bench', 'pool', '--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^usage: npm run bench:pool -- \[options\]/);
    assert.match(r.stderr, /--policies LIST/);
    assert.doesNotMatch(r.stdout + r.stderr, /Usage: drover/);
  });

  it('api --help reaches the API benchmark', async () => {
    const r = await run(['bench', 'api', '--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /bench:api/);
    assert.doesNotMatch(r.stdout + r.stderr, /Usage: drover/);
  });
});

describe('drover bench, in-process', () => {
  it('bench --help lists pool and api', async () => {
    const r = await drover(['bench', '--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\s+pool \[options\.\.\.\]\s+pool policies/m);
    assert.match(r.stdout, /^\s+api \[options\.\.\.\]\s+REST API load/m);
  });

  it('an unknown benchmark is a usage error naming it', async () => {
    const r = await drover(['bench', 'nope']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "error: unknown command 'nope'\n");
  });

  it('without bench/ (an installed package) it says where to get it, in one line, exit 2', async () => {
    const root = fakeRoot();
    const r = await drover(['bench', 'pool', '--days', '1'], { deps: { packageRoot: root } });
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      `error: the benchmarks are not installed with this copy of Drover (no bench/pool/pool-bench.ts in ${root}): ` +
        "they come with a clone of Drover's git repository; run `drover bench pool` from a clone\n",
    );
  });

  it('global options are refused rather than silently dropped', async () => {
    const r = await drover(['bench', 'pool', '--days', '1', '--url', 'http://x'], { deps: { packageRoot: fakeRoot('') } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: drover bench takes no --url, --token or --data-dir/);
  });

  it("exits with the benchmark's code and adds nothing to what it printed", async () => {
    const r = await drover(['bench', 'pool'], { deps: { packageRoot: fakeRoot('process.exit(7);\n') } });
    assert.equal(r.code, 7);
    assert.equal(r.stderr, '');
  });

  it('a benchmark killed by a signal is one line and exit 1', async () => {
    const r = await drover(['bench', 'pool'], { deps: { packageRoot: fakeRoot("process.kill(process.pid, 'SIGKILL');\n") } });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: the benchmark was stopped by SIGKILL\n');
  });
});
