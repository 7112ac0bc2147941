/**
 * A failure the user can act on. `main` prints its message as ONE line on stderr, with no
 * stack, and exits non-zero; so messages are complete sentences that say what to do.
 */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * The command has already told the user what happened (a child process it ran printed
 * its own message): `main` exits with this code and prints nothing more.
 */
export class SilentExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'SilentExit';
  }
}
