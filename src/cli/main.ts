import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { benchCommand, type BenchDeps } from './bench-command.js';
import { CliError, SilentExit } from './cli-error.js';
import { processIo, type CliIo } from './cli-io.js';
import { cloudsCommand } from './clouds-command.js';
import { eventsCommand } from './events-command.js';
import { hostsCommand } from './hosts-command.js';
import { instancesCommand } from './instances-command.js';
import { leasesCommand } from './leases-command.js';
import { DEFAULT_DATA_DIR, DEFAULT_URL } from './options.js';
import { poolsCommand } from './pools-command.js';
import { profilesCommand } from './profiles-command.js';
import { quotaCommand } from './quota-command.js';
import { replaceCommand } from './replace-command.js';
import { requestCommand } from './request-command.js';
import { tokenCommand } from './token-command.js';
import { upCommand, type UpDeps } from './up-command.js';
import { tokenCreateCommand, usersCommand } from './users-command.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** What tests may replace: the server `up` starts, where `bench` finds bench/. */
export type CliDeps = UpDeps & BenchDeps;

export function createProgram(io: CliIo, deps: CliDeps = {}): Command {
  const program = new Command('drover')
    .description('Drover: VM leases, host HA and balancing for OpenStack clouds')
    .version(version(), '-V, --version')
    .option('--url <url>', `Drover's API (env DROVER_URL; default ${DEFAULT_URL})`)
    .option('--token <token>', 'API token (env DROVER_TOKEN; default: the admin token in the data directory)')
    .option('--data-dir <dir>', `data directory (env DROVER_DATA_DIR; default ${DEFAULT_DATA_DIR})`)
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  upCommand(program, io, deps);
  tokenCommand(program, io);
  // `drover token` prints the local admin token; `drover token create USER` asks the API.
  tokenCreateCommand(program.commands.find((c) => c.name() === 'token')!, io);
  cloudsCommand(program, io);
  hostsCommand(program, io);
  requestCommand(program, io);
  leasesCommand(program, io);
  replaceCommand(program, io);
  profilesCommand(program, io);
  poolsCommand(program, io);
  instancesCommand(program, io);
  eventsCommand(program, io);
  usersCommand(program, io);
  quotaCommand(program, io);
  // Subcommands inherit output and exit handling, so help and usage errors reach `io`.
  for (const cmd of program.commands) {
    cmd.copyInheritedSettings(program);
    for (const sub of cmd.commands) sub.copyInheritedSettings(cmd);
  }
  // After the loop above, which would give its subcommands back the help option they
  // leave to the benchmark scripts (`command()` copies the inherited settings itself).
  benchCommand(program, deps);
  return program;
}

/**
 * Runs the CLI and returns its exit code. Failures print ONE line on stderr, never a
 * stack (set DROVER_DEBUG=1 to see one).
 */
export async function runCli(argv: string[], io: CliIo = processIo(), deps: CliDeps = {}): Promise<number> {
  const program = createProgram(io, deps);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    // Commander has already printed its own message (usage errors, --help, --version).
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof SilentExit) return e.exitCode;
    if (e instanceof CliError) {
      io.stderr.write(`error: ${e.message}\n`);
      return e.exitCode;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(`error: ${message.split('\n')[0]}\n`);
    if (io.env.DROVER_DEBUG) io.stderr.write(`${(e as Error).stack ?? ''}\n`);
    return 1;
  }
}

/** The `drover` command (bin/drover.js): argv as in process.argv. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<void> {
  process.exitCode = await runCli(argv, io);
}
