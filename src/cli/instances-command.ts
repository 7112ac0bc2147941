import type { Command } from 'commander';
import { clientFor } from './client-for.js';
import type { CliIo } from './cli-io.js';
import { intOption } from './int-option.js';
import { mainAddress } from './lease-output.js';
import type { InstanceJson } from './leasing-api-types.js';
import type { GlobalOptions } from './options.js';
import { formatAge, gib, printJson, printText, renderTable } from './output.js';
import { getPages } from './paged-get.js';

type InstancesOptions = GlobalOptions & { json?: boolean; cloud?: string; profile?: string; state?: string; limit?: number };

export function instancesTable(instances: InstanceJson[], now: number): string {
  if (instances.length === 0) return 'no instances';
  return renderTable(
    ['ID', 'STATE', 'PROFILE', 'CLOUD', 'HOST', 'ADDRESS', 'VCPU', 'RAM GIB', 'LEASE', 'CREATED', 'LAST ERROR'],
    instances.map((i) => [
      i.id,
      i.step ? `${i.state}/${i.step}` : i.state,
      i.profile,
      i.cloud,
      i.host ?? '-',
      mainAddress(i.addresses) ?? '-',
      i.vcpus,
      gib(i.ramMb),
      i.leaseId ?? '-',
      formatAge(i.createdAt, now),
      i.lastError ?? '-',
    ]),
  );
}

export function instancesCommand(program: Command, io: CliIo): void {
  program
    .command('instances')
    .description("Drover's VMs in every pool and lease (operators)")
    .option('--cloud <cloud>', 'only this cloud')
    .option('--profile <profile>', 'only this profile')
    .option('--state <state>', 'only this state (deleted ones are shown only this way)')
    .option('--limit <n>', 'only the oldest n (default: all, read a page at a time)', intOption(1))
    .option('--json', "print the API's JSON (the instances of every page read, as one list)")
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<InstancesOptions>();
      const query = new URLSearchParams();
      for (const k of ['cloud', 'profile', 'state'] as const) if (opts[k] !== undefined) query.set(k, opts[k]!);
      const { items: instances, more } = await getPages<InstanceJson>(await clientFor(opts, io), '/v1/instances', query, 'instances', opts.limit);
      if (opts.json) printJson(io, { instances });
      else printText(io, instancesTable(instances, io.now()));
      if (more) io.stderr.write(`only the oldest ${instances.length} instances shown (--limit); leave it out to see all\n`);
    });
}
