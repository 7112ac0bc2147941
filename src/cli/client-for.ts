import type { CliIo } from './cli-io.js';
import { DroverClient } from './http-client.js';
import { resolveToken, resolveUrl, type GlobalOptions } from './options.js';

/** The API client the global options (--url, --token, --data-dir) and environment ask for. */
export async function clientFor(opts: GlobalOptions, io: CliIo): Promise<DroverClient> {
  const url = resolveUrl(opts, io.env);
  return new DroverClient(url, await resolveToken(opts, io.env));
}
