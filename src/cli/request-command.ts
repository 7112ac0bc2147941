import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { CliError } from './cli-error.js';
import { clientFor } from './client-for.js';
import type { CliIo } from './cli-io.js';
import type { DroverClient } from './http-client.js';
import { intOption } from './int-option.js';
import { leaseDetails } from './lease-output.js';
import type { LeaseJson } from './leasing-api-types.js';
import type { GlobalOptions } from './options.js';
import { printJson, printText } from './output.js';

type RequestOptions = GlobalOptions & {
  duration?: string;
  importance?: number;
  purpose?: string;
  count?: number;
  wait?: boolean;
  timeout?: number;
  idempotencyKey?: string;
  json?: boolean;
};

export const DEFAULT_POLL_MS = 2000;

export function requestCommand(program: Command, io: CliIo): void {
  program
    .command('request')
    .description('lease a VM of a profile: from the warm pool at once, else booted for you')
    .argument('<profile>', 'the profile (see `drover profiles`)')
    .option('--duration <duration>', "how long, e.g. 7d, 12h, 1d12h (default: the profile's)")
    .option('--importance <n>', 'important leases are stopped, not deleted, at expiry (default: the profile\'s)', intOption(0))
    .option('--purpose <text>', 'what it is for, shown to operators')
    .option('--count <n>', 'how many VMs (one lease each)', intOption(1))
    .option('--wait', 'if a VM has to be booted, wait until it is ready (progress on stderr)')
    .option('--timeout <seconds>', 'with --wait: give up after this long (default 3600)', intOption(1))
    .option('--idempotency-key <key>', 'retry-safe key: the same key returns the same lease (default: a new one)')
    .option('--json', "print the API's JSON")
    .action(async (profile: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<RequestOptions>();
      const client = await clientFor(opts, io);
      const body = {
        profile,
        ...(opts.duration !== undefined ? { duration: opts.duration } : {}),
        ...(opts.importance !== undefined ? { importance: opts.importance } : {}),
        ...(opts.purpose !== undefined ? { purpose: opts.purpose } : {}),
        ...(opts.count !== undefined ? { count: opts.count } : {}),
      };
      const key = opts.idempotencyKey ?? randomUUID();
      const res = await client.request<{ leases: LeaseJson[] }>('POST', '/v1/leases', body, { 'idempotency-key': key });
      let leases = res.body.leases;
      if (opts.wait && leases.some((l) => l.state === 'provisioning')) {
        const pollMs = Number(io.env.DROVER_POLL_MS ?? DEFAULT_POLL_MS);
        leases = await waitForLeases(client, io, leases, pollMs, (opts.timeout ?? 3600) * 1000);
      }
      if (opts.json) printJson(io, { leases });
      else for (const l of leases) printText(io, describe(l, io.now(), opts.wait === true));
      const failed = leases.filter((l) => l.state === 'failed');
      if (failed.length > 0) {
        throw new CliError(`${failed.map((l) => `lease ${l.id}`).join(', ')} failed: no VM could be provided (see \`drover events --subject ${failed[0]!.id}\`)`);
      }
    });
}

function describe(l: LeaseJson, now: number, waited: boolean): string {
  const details = leaseDetails(l, now);
  if (l.state !== 'provisioning' || waited) return details;
  return `${details}\nthe pool was empty: a VM is booting. Follow it with \`drover lease show ${l.id}\`, or request with --wait next time.`;
}

/** Polls each provisioning lease until it is no longer provisioning; progress to stderr. Also `drover replace --wait`. */
export async function waitForLeases(client: DroverClient, io: CliIo, leases: LeaseJson[], pollMs: number, timeoutMs: number): Promise<LeaseJson[]> {
  const started = Date.now();
  const out = [...leases];
  for (const l of out) if (l.state === 'provisioning') io.stderr.write(`lease ${l.id}: the pool was empty, a VM is booting...\n`);
  let lastReport = started;
  while (out.some((l) => l.state === 'provisioning')) {
    if (Date.now() - started > timeoutMs) {
      const ids = out.filter((l) => l.state === 'provisioning').map((l) => l.id);
      throw new CliError(`gave up waiting after ${Math.round(timeoutMs / 1000)}s: ${ids.join(', ')} still provisioning (the request stands; see \`drover lease show ${ids[0]}\`)`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
    for (let i = 0; i < out.length; i++) {
      if (out[i]!.state !== 'provisioning') continue;
      const next = await client.get<LeaseJson>(`/v1/leases/${encodeURIComponent(out[i]!.id)}`);
      if (next.state !== 'provisioning') io.stderr.write(`lease ${next.id}: ${next.state}\n`);
      out[i] = next;
    }
    if (Date.now() - lastReport >= 30_000) {
      lastReport = Date.now();
      io.stderr.write(`still waiting (${Math.round((lastReport - started) / 1000)}s)...\n`);
    }
  }
  return out;
}
