import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { println } from './cli-io.js';
import { noTokenError, readAdminToken, resolveDataDir, type GlobalOptions } from './options.js';

export function tokenCommand(program: Command, io: CliIo): void {
  program
    .command('token')
    .description('print the admin token that `drover up` wrote to the data directory')
    .action(async (_opts: unknown, cmd: Command) => {
      const dataDir = resolveDataDir(cmd.optsWithGlobals<GlobalOptions>(), io.env);
      const token = await readAdminToken(dataDir);
      if (!token) throw noTokenError(dataDir);
      println(io, token);
    });
}
