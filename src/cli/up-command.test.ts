import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { RunServerOptions, RunningServer } from './up-command.js';
import { drover } from './testing.js';

function fakeServer(over: Partial<RunningServer> = {}) {
  const calls: RunServerOptions[] = [];
  let closed = 0;
  const runServer = async (opts: RunServerOptions): Promise<RunningServer> => {
    calls.push(opts);
    return {
      url: 'http://127.0.0.1:41234',
      openapiUrl: 'http://127.0.0.1:41234/openapi.json',
      docsUrl: 'http://127.0.0.1:41234/docs',
      adminToken: 'drv_admin-secret',
      adminTokenCreated: true,
      close: async () => {
        closed++;
      },
      ...over,
    };
  };
  return { runServer, calls, closed: () => closed };
}

test('up starts the server with the flags, prints where everything is, and closes on a stop signal', async () => {
  const fake = fakeServer();
  let stop!: (signal: string) => void;
  let waiting!: () => void;
  const waitingStarted = new Promise<void>((r) => (waiting = r));
  const waitForStop = () =>
    new Promise<string>((resolve) => {
      stop = resolve;
      waiting();
    });
  const run = drover(
    ['up', '--port', '0', '--host', '0.0.0.0', '--data-dir', '/tmp/d', '--config', 'drover.yaml', '--log-level', 'debug'],
    { deps: { runServer: fake.runServer, waitForStop } },
  );
  await waitingStarted;
  assert.deepEqual(fake.calls, [{ dataDir: '/tmp/d', host: '0.0.0.0', port: 0, configPath: 'drover.yaml', logLevel: 'debug' }]);
  assert.equal(fake.closed(), 0, 'stays up until asked to stop');
  stop('SIGTERM');
  const r = await run;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fake.closed(), 1);
  assert.match(r.stdout, /^Drover is up at http:\/\/127\.0\.0\.1:41234$/m);
  assert.match(r.stdout, /OpenAPI:\s+http:\/\/127\.0\.0\.1:41234\/openapi\.json$/m);
  assert.match(r.stdout, /API docs:\s+http:\/\/127\.0\.0\.1:41234\/docs$/m);
  assert.match(r.stdout, /admin token:\s+drv_admin-secret$/m);
  assert.ok(r.stdout.includes(`new, saved in ${join('/tmp/d', 'admin.token')}`), r.stdout);
  assert.match(r.stdout, /SIGTERM: stopping\.\.\.\nstopped\n$/);
});

test('up defaults: 127.0.0.1:8787, ./.drover (or DROVER_DATA_DIR), log level info', async () => {
  const fake = fakeServer({ adminTokenCreated: false });
  const r = await drover(['up'], { deps: { runServer: fake.runServer, waitForStop: async () => 'SIGINT' } });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(fake.calls[0], { dataDir: './.drover', host: '127.0.0.1', port: 8787, logLevel: 'info' });
  assert.match(r.stdout, /\(from \.drover\/admin\.token;/);

  const env = fakeServer();
  await drover(['up'], { env: { DROVER_DATA_DIR: '/srv/drover' }, deps: { runServer: env.runServer, waitForStop: async () => 'SIGINT' } });
  assert.equal(env.calls[0]?.dataDir, '/srv/drover');
});

test('up rejects a bad port or log level before starting anything', async () => {
  const fake = fakeServer();
  const port = await drover(['up', '--port', '99999'], { deps: { runServer: fake.runServer } });
  assert.notEqual(port.code, 0);
  assert.match(port.stderr, /--port <port>' argument '99999' is invalid\. expected an integer from 0 to 65535/);
  const level = await drover(['up', '--log-level', 'loud'], { deps: { runServer: fake.runServer } });
  assert.notEqual(level.code, 0);
  assert.match(level.stderr, /expected one of fatal, error/);
  assert.equal(fake.calls.length, 0);
});

test('a port in use is one line saying so', async () => {
  const runServer = async (): Promise<RunningServer> => {
    throw Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8787'), { code: 'EADDRINUSE' });
  };
  const r = await drover(['up'], { deps: { runServer } });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: cannot start: 127.0.0.1:8787 is already in use (try --port)\n');
  assert.equal(r.stdout, '');
});
