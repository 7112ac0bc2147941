import type { Command } from 'commander';
import { clientFor } from './client-for.js';
import type { CliIo } from './cli-io.js';
import type { PoolJson } from './leasing-api-types.js';
import type { GlobalOptions } from './options.js';
import { printJson, printText, renderTable } from './output.js';

function formatRam(mb: number): string {
  return mb % 1024 === 0 ? `${mb / 1024} GiB` : `${mb} MiB`;
}

export function poolsTable(pools: PoolJson[]): string {
  if (pools.length === 0) return 'no pools (no profiles yet: see `drover profiles apply`)';
  return renderTable(
    ['PROFILE', 'CLOUD', 'POLICY', 'VM', 'READY', 'PROVISIONING', 'LEASED', 'WAITING', 'TARGET', 'M', 'N', 'HIT RATE 1H', 'REASON'],
    pools.map((p) => [
      p.profile,
      p.cloud,
      p.policy ?? '(profile gone)',
      p.vm ? `${p.vm.vcpus} vCPU ${formatRam(p.vm.ramMb)}` : '-',
      p.ready,
      p.provisioning,
      p.leased,
      p.waiting,
      p.target ?? '-',
      p.m,
      p.n,
      p.recent.hitRate === null ? '-' : `${Math.round(p.recent.hitRate * 100)}% of ${p.recent.requests}`,
      p.reason ?? '-',
    ]),
  );
}

export function poolsCommand(program: Command, io: CliIo): void {
  program
    .command('pools')
    .description('warm pools: ready, provisioning and leased VMs, bounds, target and hit rate')
    .option('--json', "print the API's JSON")
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { json?: boolean }>();
      const body = await (await clientFor(opts, io)).get<{ pools: PoolJson[] }>('/v1/pools');
      if (opts.json) printJson(io, body);
      else printText(io, poolsTable(body.pools));
    });
}
