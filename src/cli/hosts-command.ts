import type { Command } from 'commander';
import type { HostJson } from './api-types.js';
import { clientFor } from './client-for.js';
import type { CliIo } from './cli-io.js';
import { hostDetails } from './host-details.js';
import type { GlobalOptions } from './options.js';
import { gib, printJson, printText, renderTable } from './output.js';

export function serviceLabel(h: HostJson): string {
  const s = `${h.service.state}/${h.service.enabled ? 'enabled' : 'disabled'}`;
  return h.service.forcedDown ? `${s}/forced-down` : s;
}

export function hostsTable(hosts: HostJson[]): string {
  if (hosts.length === 0) return 'no hosts';
  return renderTable(
    ['NAME', 'CLOUD', 'AZ', 'VCPU', 'RAM GIB', 'SERVERS', 'SERVICE', 'POWER'],
    hosts.map((h) => [
      h.name,
      h.cloud,
      h.availabilityZone,
      `${h.used.vcpus}/${h.capacity.vcpus}`,
      `${gib(h.used.ramMb)}/${gib(h.capacity.ramMb)}`,
      h.servers,
      serviceLabel(h),
      h.power,
    ]),
  );
}

type HostsOptions = GlobalOptions & { json?: boolean; cloud?: string; az?: string };

export function hostsCommand(program: Command, io: CliIo): void {
  const hosts = program
    .command('hosts')
    .description('list hypervisors (vCPU and RAM as used/capacity)')
    .option('--cloud <cloud>', 'only hosts of this cloud')
    .option('--az <zone>', 'only hosts in this availability zone')
    .option('--json', "print the API's JSON")
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<HostsOptions>();
      const query = new URLSearchParams();
      if (opts.cloud !== undefined) query.set('cloud', opts.cloud);
      if (opts.az !== undefined) query.set('az', opts.az);
      const qs = query.size > 0 ? `?${query}` : '';
      const body = await (await clientFor(opts, io)).get<{ hosts: HostJson[] }>(`/v1/hosts${qs}`);
      if (opts.json) printJson(io, body);
      else printText(io, hostsTable(body.hosts));
    });

  hosts
    .command('show')
    .description('show one host in detail')
    .argument('<id>', 'the host id, cloud/name (as listed by `drover hosts --json`)')
    .option('--json', "print the API's JSON")
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<HostsOptions>();
      // One path segment with the slash encoded: the id need not be split.
      const host = await (await clientFor(opts, io)).get<HostJson>(`/v1/hosts/${encodeURIComponent(id)}`);
      if (opts.json) printJson(io, host);
      else printText(io, hostDetails(host, io.now()));
    });
}
