import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';

export const DEFAULT_URL = 'http://127.0.0.1:8787';
export const DEFAULT_DATA_DIR = './.drover';
/** Written by the server at start (see src/main/ensure-admin.ts). */
export const ADMIN_TOKEN_FILE = 'admin.token';

/** The global options as commander parsed them; all optional. */
export interface GlobalOptions {
  url?: string;
  token?: string;
  dataDir?: string;
}

/** Flag, then environment, then default: the usual precedence. */
export function resolveDataDir(opts: GlobalOptions, env: CliIo['env']): string {
  return opts.dataDir ?? nonEmpty(env.DROVER_DATA_DIR) ?? DEFAULT_DATA_DIR;
}

export function resolveUrl(opts: GlobalOptions, env: CliIo['env']): string {
  const raw = opts.url ?? nonEmpty(env.DROVER_URL) ?? DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`invalid Drover URL "${raw}": expected e.g. ${DEFAULT_URL}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`invalid Drover URL "${raw}": only http and https are supported`);
  }
  return raw.replace(/\/+$/, '');
}

/** The admin token file's content, or null when there is none. */
export async function readAdminToken(dataDir: string): Promise<string | null> {
  try {
    return nonEmpty((await readFile(join(dataDir, ADMIN_TOKEN_FILE), 'utf8')).trim()) ?? null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`cannot read the admin token in ${dataDir}: ${(e as Error).message}`);
  }
}

export function noTokenError(dataDir: string): CliError {
  return new CliError(`no admin token in ${dataDir}: start the server with \`drover up\` first`);
}

/** --token, then DROVER_TOKEN, then the admin token file in the data directory. */
export async function resolveToken(opts: GlobalOptions, env: CliIo['env']): Promise<string> {
  const given = nonEmpty(opts.token) ?? nonEmpty(env.DROVER_TOKEN);
  if (given) return given;
  const dataDir = resolveDataDir(opts, env);
  const fromFile = await readAdminToken(dataDir);
  if (!fromFile) throw noTokenError(dataDir);
  return fromFile;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}
