/** Runs the CLI in-process with captured output, as the tests of every command do. */
import type { CliIo } from './cli-io.js';
import { runCli, type CliDeps } from './main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function drover(
  args: string[],
  opts: { env?: Record<string, string>; now?: number; deps?: CliDeps } = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    // Never the real environment: a developer's DROVER_TOKEN must not change test outcomes.
    env: { ...opts.env },
    now: () => opts.now ?? Date.now(),
  };
  const code = await runCli(['node', 'drover', ...args], io, opts.deps);
  return { code, stdout: out.join(''), stderr: err.join('') };
}
