/**
 * `drover bench pool|api [options]`: the benchmarks of bench/, run exactly as
 * `npm run bench:pool` / `npm run bench:api` run them (`node --import tsx SCRIPT`, in the
 * package root), every argument after the name passed through untouched, so the
 * scripts parse their own flags and print their own usage (`--help` included).
 *
 * A child process rather than an import: nothing in src/ imports bench/ (the layering
 * lint), and bench/ is not part of an installed package, only of a clone.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CliError, SilentExit } from './cli-error.js';
import type { GlobalOptions } from './options.js';

export interface BenchDeps {
  /** Where package.json and bench/ are; defaults to two levels above this file. */
  packageRoot?: string;
}

const BENCHES = [
  { name: 'pool', script: 'bench/pool/pool-bench.ts', npm: 'bench:pool', what: 'pool policies replayed on request traces: hit rate vs idle VM-hours' },
  { name: 'api', script: 'bench/api/api-bench.ts', npm: 'bench:api', what: 'REST API load per database engine, and reconcile costs at scale' },
] as const;

const DEFAULT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function benchCommand(program: Command, deps: BenchDeps = {}): void {
  const bench = program
    .command('bench')
    .description('run a benchmark of bench/, from a clone of the repository (in its root, as npm does: relative paths are taken from there)')
    // So that `drover bench pool --help` is the script's help, not this command's.
    .enablePositionalOptions();
  for (const b of BENCHES) {
    bench
      .command(b.name)
      .description(`${b.what}; \`npm run ${b.npm}\` (\`drover bench ${b.name} --help\`: its options)`)
      .argument('[options...]', 'passed to the benchmark unchanged')
      // Every flag, --help included, belongs to the script.
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .passThroughOptions()
      .action(async (args: string[], _opts: unknown, cmd: Command) => {
        // Commander takes these wherever they appear; the scripts would refuse them.
        const globals = cmd.optsWithGlobals<GlobalOptions>();
        if (globals.url !== undefined || globals.token !== undefined || globals.dataDir !== undefined) {
          throw new CliError(`drover bench takes no --url, --token or --data-dir: the benchmarks start their own Drover`, 2);
        }
        const root = deps.packageRoot ?? DEFAULT_ROOT;
        const script = join(root, b.script);
        if (!existsSync(script)) {
          throw new CliError(
            `the benchmarks are not installed with this copy of Drover (no ${b.script} in ${root}): ` +
              `they come with a clone of Drover's git repository; run \`drover bench ${b.name}\` from a clone`,
            2,
          );
        }
        const code = await runScript(root, script, args);
        if (code !== 0) throw new SilentExit(code);
      });
  }
}

/**
 * Runs the script in the package root, as npm does, so its relative defaults (such as
 * bench/results/) and the child processes it starts with `--import tsx` resolve as they
 * do under npm. Resolves with its exit code; a signal is reported as one line and 1.
 */
function runScript(root: string, script: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, stdio: 'inherit' });
    // Ctrl+C reaches the whole process group, the child included: let the child stop
    // and report how it ended. A SIGTERM sent to this process alone is passed on.
    const onInt = () => {};
    const onTerm = () => child.kill('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    };
    child.on('error', (e) => {
      done();
      reject(new CliError(`cannot start the benchmark: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      done();
      if (signal) reject(new CliError(`the benchmark was stopped by ${signal}`));
      else resolve(code ?? 1);
    });
  });
}
