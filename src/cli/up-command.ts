import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { println } from './cli-io.js';
import type { RunningServer } from '../main/run-server.js';
import { ADMIN_TOKEN_FILE, resolveDataDir, type GlobalOptions } from './options.js';

/**
 * The signature of src/main/run-server.ts, the composition root `up` starts (its
 * types only: the module itself is loaded when `up` runs).
 */
export interface RunServerOptions {
  dataDir: string;
  host: string;
  port: number;
  configPath?: string;
  logLevel: string;
}
export type { RunningServer };
export type RunServer = (opts: RunServerOptions) => Promise<RunningServer>;

export interface UpDeps {
  /** Defaults to src/main/run-server.ts, loaded only when `up` runs: other commands stay light. */
  runServer?: RunServer;
  /** Resolves with the signal's name when the process is asked to stop. */
  waitForStop?: () => Promise<string>;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected an integer from 0 to 65535');
  return n;
}

function parseLogLevel(value: string): string {
  if (!LOG_LEVELS.includes(value)) throw new InvalidArgumentError(`expected one of ${LOG_LEVELS.join(', ')}`);
  return value;
}

/** The first SIGINT/SIGTERM starts a graceful stop; a second one exits at once. */
function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const force = () => process.exit(130);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

async function loadRunServer(): Promise<RunServer> {
  const { runServer } = await import('../main/run-server.js');
  return runServer;
}

type UpOptions = GlobalOptions & { port: number; host: string; config?: string; logLevel: string };

export function upCommand(program: Command, io: CliIo, deps: UpDeps = {}): void {
  program
    .command('up')
    .description('start Drover: the API, the controllers and, unless clouds are configured, a simulated cloud')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 8787)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--config <file>', 'configuration file (YAML)')
    .option('--log-level <level>', `log level: ${LOG_LEVELS.join(', ')}`, parseLogLevel, 'info')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<UpOptions>();
      const dataDir = resolveDataDir(opts, io.env);
      const runServer = deps.runServer ?? (await loadRunServer());
      let server: RunningServer;
      try {
        server = await runServer({
          dataDir,
          host: opts.host,
          port: opts.port,
          logLevel: opts.logLevel,
          ...(opts.config !== undefined ? { configPath: opts.config } : {}),
        });
      } catch (e) {
        throw startFailure(e, opts);
      }
      const tokenNote = server.adminTokenCreated ? 'new, saved in' : 'from';
      println(io, `Drover is up at ${server.url}`);
      println(io, `  OpenAPI:     ${server.openapiUrl}`);
      println(io, `  API docs:    ${server.docsUrl}`);
      println(io, `  admin token: ${server.adminToken}`);
      println(io, `               (${tokenNote} ${join(dataDir, ADMIN_TOKEN_FILE)}; \`drover token\` prints it)`);
      println(io, 'Press Ctrl+C to stop.');
      const signal = await (deps.waitForStop ?? waitForSignal)();
      println(io, `${signal}: stopping...`);
      await server.close();
      println(io, 'stopped');
    });
}

function startFailure(e: unknown, opts: UpOptions): CliError {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EADDRINUSE') return new CliError(`cannot start: ${opts.host}:${opts.port} is already in use (try --port)`);
  if (err.code === 'EADDRNOTAVAIL') return new CliError(`cannot start: ${opts.host} is not an address of this machine`);
  if (err.code === 'EACCES') return new CliError(`cannot start: no permission to listen on ${opts.host}:${opts.port}`);
  return new CliError(`cannot start: ${err.message ?? String(e)}`);
}
