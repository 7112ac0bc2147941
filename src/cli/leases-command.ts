import type { Command } from 'commander';
import { clientFor } from './client-for.js';
import type { CliIo } from './cli-io.js';
import { intOption } from './int-option.js';
import { leaseDetails, leasesTable, relativeTime } from './lease-output.js';
import type { LeaseJson } from './leasing-api-types.js';
import type { GlobalOptions } from './options.js';
import { printJson, printText } from './output.js';
import { getPages } from './paged-get.js';

type LeaseOptions = GlobalOptions & { json?: boolean; all?: boolean; user?: string; duration?: string; limit?: number };

const leasePath = (id: string) => `/v1/leases/${encodeURIComponent(id)}`;

/** `drover leases`, `drover lease show`, `drover renew`, `drover release`. */
export function leasesCommand(program: Command, io: CliIo): void {
  program
    .command('leases')
    .description('your leases (operators: --all for everyone\'s, --user for one user\'s)')
    .option('--all', "every user's leases (operators and admins)")
    .option('--user <name>', "one user's leases (operators and admins)")
    .option('--limit <n>', 'only the oldest n (default: all, read a page at a time)', intOption(1))
    .option('--json', "print the API's JSON (the leases of every page read, as one list)")
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<LeaseOptions>();
      const query = new URLSearchParams();
      if (opts.all) query.set('all', 'true');
      if (opts.user !== undefined) query.set('user', opts.user);
      const { items: leases, more } = await getPages<LeaseJson>(await clientFor(opts, io), '/v1/leases', query, 'leases', opts.limit);
      if (opts.json) printJson(io, { leases });
      else printText(io, leasesTable(leases, io.now(), opts.all === true || opts.user !== undefined));
      if (more) io.stderr.write(`only the oldest ${leases.length} leases shown (--limit); leave it out to see all\n`);
    });

  program
    .command('lease')
    .description('one lease')
    .command('show')
    .description('show a lease in detail, with its VM address and password')
    .argument('<id>', 'the lease id')
    .option('--json', "print the API's JSON")
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<LeaseOptions>();
      const lease = await (await clientFor(opts, io)).get<LeaseJson>(leasePath(id));
      if (opts.json) printJson(io, lease);
      else printText(io, leaseDetails(lease, io.now()));
    });

  program
    .command('renew')
    .description("extend a lease, within the profile's limits (also restarts a stopped VM in its grace period)")
    .argument('<id>', 'the lease id')
    .requiredOption('--duration <duration>', 'how much longer, from now, e.g. 3d')
    .option('--json', "print the API's JSON")
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<LeaseOptions>();
      const lease = await (await clientFor(opts, io)).post<LeaseJson>(`${leasePath(id)}/renew`, { duration: opts.duration });
      if (opts.json) printJson(io, lease);
      else printText(io, `lease ${lease.id} renewed: expires ${lease.expiresAt} (${relativeTime(lease.expiresAt, io.now())}), renewal ${lease.renewals}`);
    });

  program
    .command('release')
    .description('give a lease back: its VM is deleted (safe to repeat)')
    .argument('<id>', 'the lease id')
    .option('--json', "print the API's JSON")
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<LeaseOptions>();
      const lease = await (await clientFor(opts, io)).delete<LeaseJson>(leasePath(id));
      if (opts.json) printJson(io, lease);
      else printText(io, `lease ${lease.id} ${lease.state}${lease.instance ? `; VM ${lease.instance.id} is ${lease.instance.state}` : ''}`);
    });
}
