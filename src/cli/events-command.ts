import type { Command } from 'commander';
import { clientFor } from './client-for.js';
import type { CliIo } from './cli-io.js';
import { intOption } from './int-option.js';
import type { EventJson } from './leasing-api-types.js';
import type { GlobalOptions } from './options.js';
import { formatAge, printJson, printText, renderTable } from './output.js';

type EventsOptions = GlobalOptions & { json?: boolean; subject?: string; kind?: string; limit?: number };

export function eventsTable(events: EventJson[], now: number): string {
  if (events.length === 0) return 'no events';
  return renderTable(
    ['AGE', 'LEVEL', 'KIND', 'SUBJECT', 'REASON', 'MESSAGE'],
    events.map((e) => [formatAge(e.at, now), e.level, e.kind, e.subject, e.reason, e.message]),
  );
}

export function eventsCommand(program: Command, io: CliIo): void {
  program
    .command('events')
    .description('the event log, newest first (users: events of their own leases)')
    .option('--subject <id>', "only this object's events, e.g. a lease id")
    .option('--kind <kind>', 'only this kind, e.g. lease or instance')
    .option('--limit <n>', 'at most this many (1-1000, default 100)', intOption(1))
    .option('--json', "print the API's JSON")
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<EventsOptions>();
      const query = new URLSearchParams();
      if (opts.subject !== undefined) query.set('subject', opts.subject);
      if (opts.kind !== undefined) query.set('kind', opts.kind);
      if (opts.limit !== undefined) query.set('limit', String(opts.limit));
      const qs = query.size > 0 ? `?${query}` : '';
      const body = await (await clientFor(opts, io)).get<{ events: EventJson[] }>(`/v1/events${qs}`);
      if (opts.json) printJson(io, body);
      else printText(io, eventsTable(body.events, io.now()));
    });
}
