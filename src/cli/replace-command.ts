import type { Command } from 'commander';
import { CliError } from './cli-error.js';
import { clientFor } from './client-for.js';
import type { CliIo } from './cli-io.js';
import { intOption } from './int-option.js';
import { leaseDetails } from './lease-output.js';
import type { LeaseJson } from './leasing-api-types.js';
import type { GlobalOptions } from './options.js';
import { printJson, printText } from './output.js';
import { DEFAULT_POLL_MS, waitForLeases } from './request-command.js';

type ReplaceOptions = GlobalOptions & { reason?: string; wait?: boolean; timeout?: number; json?: boolean };

/**
 * `drover replace ID`: a new VM under the same lease (POST /v1/leases/{id}/replace), for
 * one the state manager gave up on or that is otherwise broken. Prints the lease as
 * `drover lease show` does; with an empty pool, `--wait` follows it as `drover request
 * --wait` does.
 */
export function replaceCommand(program: Command, io: CliIo): void {
  program
    .command('replace')
    .description('a new VM for a lease whose VM failed or is broken: same expiry, renewals and importance; the old VM is deleted')
    .argument('<id>', 'the lease id')
    .option('--reason <text>', "why, one line (recorded in the lease's events)")
    .option('--wait', 'if a VM has to be booted, wait until it is ready (progress on stderr)')
    .option('--timeout <seconds>', 'with --wait: give up after this long (default 3600)', intOption(1))
    .option('--json', "print the API's JSON")
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ReplaceOptions>();
      const client = await clientFor(opts, io);
      const body = opts.reason !== undefined ? { reason: opts.reason } : {};
      let lease = await client.post<LeaseJson>(`/v1/leases/${encodeURIComponent(id)}/replace`, body);
      if (opts.wait && lease.state === 'provisioning') {
        const pollMs = Number(io.env.DROVER_POLL_MS ?? DEFAULT_POLL_MS);
        [lease] = (await waitForLeases(client, io, [lease], pollMs, (opts.timeout ?? 3600) * 1000)) as [LeaseJson];
      }
      if (opts.json) printJson(io, lease);
      else printText(io, describe(lease, io.now(), opts.wait === true));
      if (lease.state === 'failed') {
        throw new CliError(`lease ${lease.id} failed: no new VM could be provided (see \`drover events --subject ${lease.id}\`)`);
      }
    });
}

function describe(l: LeaseJson, now: number, waited: boolean): string {
  const details = leaseDetails(l, now);
  if (l.state !== 'provisioning' || waited) return details;
  return `${details}\nthe old VM is being deleted and the pool was empty: a new VM is booting. Follow it with \`drover lease show ${l.id}\`, or replace with --wait next time.`;
}
