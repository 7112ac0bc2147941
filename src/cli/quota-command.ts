import { Argument, type Command } from 'commander';
import { CliError } from './cli-error.js';
import { clientFor } from './client-for.js';
import type { CliIo } from './cli-io.js';
import { intOption } from './int-option.js';
import type { QuotaJson } from './leasing-api-types.js';
import type { GlobalOptions } from './options.js';
import { printJson, printText, renderDetails } from './output.js';

type QuotaOptions = GlobalOptions & { json?: boolean; instances?: number; vcpus?: number; ramMb?: number; unset?: string[] };

const LIMITS = ['instances', 'vcpus', 'ram-mb'] as const;
const FIELD = { instances: 'instances', vcpus: 'vcpus', 'ram-mb': 'ramMb' } as const;

export function quotaDetails(q: QuotaJson): string {
  const row = (used: number, limit: number | null) => `${used} used of ${limit ?? 'unlimited'}`;
  return renderDetails([
    ['quota', `${q.scope} ${q.name}`],
    ['instances', row(q.usage.instances, q.limits.instances)],
    ['vcpus', row(q.usage.vcpus, q.limits.vcpus)],
    ['ram MiB', row(q.usage.ramMb, q.limits.ramMb)],
  ]);
}

const scopeArg = () => new Argument('<scope>', 'user or project').choices(['user', 'project']);
const path = (scope: string, name: string) => `/v1/quotas/${scope}/${encodeURIComponent(name)}`;

export function quotaCommand(program: Command, io: CliIo): void {
  const quota = program.command('quota').description('quotas per user and per project');

  quota
    .command('set')
    .description('set limits (admins); limits not named keep their value')
    .addArgument(scopeArg())
    .argument('<name>', 'the user or project name')
    .option('--instances <n>', 'live leases', intOption(0))
    .option('--vcpus <n>', 'vCPUs of live leases', intOption(0))
    .option('--ram-mb <n>', 'RAM (MiB) of live leases', intOption(0))
    .option('--unset <limit...>', `remove limits (${LIMITS.join(', ')})`)
    .option('--json', "print the API's JSON")
    .action(async (scope: string, name: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<QuotaOptions>();
      const body: Record<string, number | null> = {};
      for (const u of opts.unset ?? []) {
        if (!(u in FIELD)) throw new CliError(`--unset takes ${LIMITS.join(', ')} (got "${u}")`);
        body[FIELD[u as keyof typeof FIELD]] = null;
      }
      if (opts.instances !== undefined) body.instances = opts.instances;
      if (opts.vcpus !== undefined) body.vcpus = opts.vcpus;
      if (opts.ramMb !== undefined) body.ramMb = opts.ramMb;
      const q = await (await clientFor(opts, io)).put<QuotaJson>(path(scope, name), body);
      if (opts.json) printJson(io, q);
      else printText(io, quotaDetails(q));
    });

  quota
    .command('show')
    .description("show a quota and its usage (users: their own and their project's)")
    .addArgument(scopeArg())
    .argument('<name>', 'the user or project name')
    .option('--json', "print the API's JSON")
    .action(async (scope: string, name: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<QuotaOptions>();
      const q = await (await clientFor(opts, io)).get<QuotaJson>(path(scope, name));
      if (opts.json) printJson(io, q);
      else printText(io, quotaDetails(q));
    });
}
