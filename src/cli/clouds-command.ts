import type { Command } from 'commander';
import type { CloudJson } from './api-types.js';
import { clientFor } from './client-for.js';
import type { CliIo } from './cli-io.js';
import type { GlobalOptions } from './options.js';
import { formatAge, printJson, printText, renderTable } from './output.js';

export function cloudsTable(clouds: CloudJson[], now: number): string {
  if (clouds.length === 0) return 'no clouds';
  return renderTable(
    ['NAME', 'KIND', 'HOSTS', 'SYNCED', 'LAST ERROR', 'DESCRIPTION'],
    clouds.map((c) => [c.name, c.kind, c.hosts, formatAge(c.syncedAt, now), c.lastError ?? '-', c.description]),
  );
}

export function cloudsCommand(program: Command, io: CliIo): void {
  program
    .command('clouds')
    .description('list the clouds Drover manages, with their hosts and sync state')
    .option('--json', "print the API's JSON")
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { json?: boolean }>();
      const body = await (await clientFor(opts, io)).get<{ clouds: CloudJson[] }>('/v1/clouds');
      if (opts.json) printJson(io, body);
      else printText(io, cloudsTable(body.clouds, io.now()));
    });
}
