/**
 * End to end through bin/drover.js in a child process: what a user's shell sees.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestApi, type TestApi } from '../api/testing/test-api.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'drover.js');

/** The environment without the caller's DROVER_* settings, which would change outcomes. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DROVER_')));
}

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = start(args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('bin/drover.js', () => {
  let api: TestApi;
  let url: string;
  before(async () => {
    api = await startTestApi();
    url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(() => api.close());

  it('hosts --json prints the API JSON and exits 0', async () => {
    const r = await run(['hosts', '--json', '--url', url, '--token', api.userToken]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).hosts.length, 3);
  });

  it('a missing token file exits 1 with exactly one line on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drover-bin-'));
    const r = await run(['token', '--data-dir', dir]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `error: no admin token in ${dir}: start the server with \`drover up\` first\n`);
  });

  it('a bad token exits 1 with exactly one line on stderr', async () => {
    const r = await run(['clouds', '--url', url, '--token', 'drv_nope']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.split('\n').length, 2, r.stderr);
    assert.match(r.stderr, /^error: the token was refused by http:\/\/127\.0\.0\.1:\d+: /);
  });
});

/** Resolves with the first match of `re` in the child's stdout; rejects if it exits first. */
function waitFor(child: ChildProcess, re: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = re.exec(out);
      if (m) resolve(m);
    });
    child.on('exit', (code) => reject(new Error(`drover exited (${code}) before printing ${re}:\n${out}\n${err}`)));
  });
}

describe('drover up, for real', () => {
  it('serves the API, writes the admin token the client commands use, and stops on SIGTERM', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drover-up-'));
    const server = start(['up', '--port', '0', '--data-dir', dir, '--log-level', 'warn']);
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      const [, url] = await waitFor(server, /Drover is up at (http:\/\/\S+)\n/);
      const token = await run(['token', '--data-dir', dir]);
      assert.equal(token.code, 0, token.stderr);
      assert.match(token.stdout, /^\S+\n$/);

      const clouds = await run(['clouds', '--url', url!, '--data-dir', dir]);
      assert.equal(clouds.code, 0, clouds.stderr);
      assert.match(clouds.stdout, /^NAME\s+KIND\s+HOSTS/);
      const docs = await fetch(`${url}/openapi.json`);
      assert.equal(docs.status, 200);
    } finally {
      server.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });
});
