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
