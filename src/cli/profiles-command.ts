import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { CliError } from './cli-error.js';
import { clientFor } from './client-for.js';
import { println, type CliIo } from './cli-io.js';
import type { ProfileJson } from './leasing-api-types.js';
import type { GlobalOptions } from './options.js';
import { printJson, printText, renderDetails, renderTable, type Cell } from './output.js';

type ProfilesOptions = GlobalOptions & { json?: boolean };

export function profilesTable(profiles: ProfileJson[]): string {
  if (profiles.length === 0) return 'no profiles (add some with `drover profiles apply FILE.yaml`)';
  return renderTable(
    ['NAME', 'CLOUDS', 'FLAVOR', 'IMAGE', 'POLICY', 'PURPOSE'],
    profiles.map((p) => [p.name, p.clouds.join(','), p.flavor, p.image, poolPolicy(p), p.purpose || '-']),
  );
}

function poolPolicy(p: ProfileJson): string {
  const pool = p.pool as { policy?: unknown } | undefined;
  return typeof pool?.policy === 'string' ? pool.policy : '-';
}

/** Every field, nested ones flattened to `pool.m`; lists comma-separated. */
export function profileDetails(p: ProfileJson): string {
  const pairs: Array<[string, Cell]> = [];
  const walk = (prefix: string, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value);
      if (entries.length === 0) pairs.push([prefix, '-']);
      for (const [k, v] of entries) walk(prefix ? `${prefix}.${k}` : k, v);
    } else if (Array.isArray(value)) {
      pairs.push([prefix, value.length > 0 ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ') : '-']);
    } else if (typeof value === 'string' && value.includes('\n')) {
      pairs.push([prefix, `${value.split('\n').length} lines`]);
    } else {
      pairs.push([prefix, value === null ? '-' : String(value)]);
    }
  };
  walk('', p);
  return renderDetails(pairs);
}

/** A file holds one profile, a list of them, or `profiles: [...]` as in drover.yaml. */
export function profilesInFile(raw: unknown, file: string): Array<Record<string, unknown>> {
  const list =
    Array.isArray(raw) ? raw
    : raw !== null && typeof raw === 'object' && Array.isArray((raw as { profiles?: unknown }).profiles) ? (raw as { profiles: unknown[] }).profiles
    : [raw];
  return list.map((p, i) => {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new CliError(`${file}: profile ${i + 1} is not a mapping of fields`);
    const name = (p as { name?: unknown }).name;
    if (typeof name !== 'string' || name === '') throw new CliError(`${file}: profile ${i + 1} has no name`);
    return p as Record<string, unknown>;
  });
}

export function profilesCommand(program: Command, io: CliIo): void {
  const profiles = program
    .command('profiles')
    .description('the catalogue: what VMs can be requested')
    .option('--json', "print the API's JSON")
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ProfilesOptions>();
      const body = await (await clientFor(opts, io)).get<{ profiles: ProfileJson[] }>('/v1/profiles');
      if (opts.json) printJson(io, body);
      else printText(io, profilesTable(body.profiles));
    });

  profiles
    .command('show')
    .description('one profile in full')
    .argument('<name>', 'the profile name')
    .option('--json', "print the API's JSON")
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ProfilesOptions>();
      const profile = await (await clientFor(opts, io)).get<ProfileJson>(`/v1/profiles/${encodeURIComponent(name)}`);
      if (opts.json) printJson(io, profile);
      else printText(io, profileDetails(profile));
    });

  profiles
    .command('apply')
    .description('create or replace the profiles in a YAML file (operators); stops at the first refused one')
    .argument('<file>', 'YAML: one profile, a list, or `profiles: [...]`')
    .option('--json', 'print each result as JSON')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ProfilesOptions>();
      let raw: unknown;
      try {
        raw = parse(await readFile(file, 'utf8'));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new CliError(code ? `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code}` : `${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
      }
      const client = await clientFor(opts, io);
      const results: Array<{ name: string; result: string }> = [];
      for (const p of profilesInFile(raw, file)) {
        const name = String(p.name);
        let res: { result: string };
        try {
          res = await client.put<{ result: string }>(`/v1/profiles/${encodeURIComponent(name)}`, p);
        } catch (e) {
          const applied = results.length > 0 ? ` (applied before it: ${results.map((r) => r.name).join(', ')})` : '';
          throw new CliError(`profile ${name}: ${(e as Error).message}${applied}`);
        }
        results.push({ name, result: res.result });
        if (!opts.json) println(io, `profile ${name} ${res.result}`);
      }
      if (opts.json) printJson(io, { results });
    });
}
