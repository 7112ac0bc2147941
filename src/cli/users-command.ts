import { Option, type Command } from 'commander';
import { clientFor } from './client-for.js';
import { println, type CliIo } from './cli-io.js';
import type { UserJson } from './leasing-api-types.js';
import type { GlobalOptions } from './options.js';
import { printJson, printText, renderTable } from './output.js';

type UserOptions = GlobalOptions & { json?: boolean; role?: string; project?: string; email?: string; label?: string };

/** `drover user add`, `drover users` (admins). */
export function usersCommand(program: Command, io: CliIo): void {
  program
    .command('user')
    .description('manage users (admins)')
    .command('add')
    .description('add a user; then give them a token with `drover token create NAME`')
    .argument('<name>', 'login name')
    .addOption(new Option('--role <role>', 'what they may do').choices(['user', 'operator', 'admin']).makeOptionMandatory())
    .requiredOption('--project <project>', 'the project whose quota they draw on')
    .option('--email <email>', 'where lease notifications go')
    .option('--json', "print the API's JSON")
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<UserOptions>();
      const body = { name, role: opts.role, project: opts.project, ...(opts.email !== undefined ? { email: opts.email } : {}) };
      const user = await (await clientFor(opts, io)).post<UserJson>('/v1/users', body);
      if (opts.json) printJson(io, user);
      else println(io, `user ${user.name} added (${user.role}, project ${user.project})`);
    });

  program
    .command('users')
    .description('list users (admins)')
    .option('--json', "print the API's JSON")
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<UserOptions>();
      const body = await (await clientFor(opts, io)).get<{ users: UserJson[] }>('/v1/users');
      if (opts.json) printJson(io, body);
      else printText(io, renderTable(['NAME', 'ROLE', 'PROJECT', 'EMAIL'], body.users.map((u) => [u.name, u.role, u.project, u.email ?? '-'])));
    });
}

/** `drover token create USER` (admins), beside `drover token` (the local admin token). */
export function tokenCreateCommand(token: Command, io: CliIo): void {
  token
    .command('create')
    .description("create an API token for a user and print its secret (shown once: it is not stored)")
    .argument('<user>', 'the user name')
    .option('--label <text>', 'to tell tokens apart')
    .option('--json', "print the API's JSON")
    .action(async (user: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<UserOptions>();
      const body = opts.label !== undefined ? { label: opts.label } : {};
      const created = await (await clientFor(opts, io)).post<{ secret: string; user: string; id: string }>(
        `/v1/users/${encodeURIComponent(user)}/tokens`,
        body,
      );
      if (opts.json) printJson(io, created);
      // The secret alone on stdout, so `export DROVER_TOKEN=$(drover token create bob)` works.
      else {
        println(io, created.secret);
        io.stderr.write(`token ${created.id} for ${created.user}: shown once, store it now\n`);
      }
    });
}
