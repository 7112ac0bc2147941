/**
 * What a command may touch of the outside world, injected so tests run the CLI in-process
 * with captured output. `main()` passes the real process.
 */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  /** The current time (ms); only used to show ages like "12s ago". */
  now(): number;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => Date.now() };
}

/** Writes one line to stdout. */
export function println(io: CliIo, line = ''): void {
  io.stdout.write(`${line}\n`);
}
