import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../../core/errors.js';

/** Where to look, as openstacksdk's config/loader.py computes it. */
export interface SearchContext {
  env: Record<string, string | undefined>;
  cwd: string;
  home: string;
}

export function defaultSearchContext(): SearchContext {
  return { env: process.env, cwd: process.cwd(), home: homedir() };
}

/**
 * openstacksdk's CONFIG_SEARCH_PATH: the working directory, platformdirs' user config
 * dir (XDG_CONFIG_HOME), ~/.config/openstack (or $SNAP_REAL_HOME's), platformdirs'
 * site config dir (XDG_CONFIG_DIRS, joined with ':' as its multipath mode does), and
 * /etc/openstack. Each directory is tried for NAME.yaml, NAME.yml, NAME.json.
 */
export function searchDirs(ctx: SearchContext): string[] {
  const xdgHome = ctx.env.XDG_CONFIG_HOME?.trim() || join(ctx.home, '.config');
  const unixHome = join(ctx.env.SNAP_REAL_HOME || ctx.home, '.config', 'openstack');
  const xdgDirs = (ctx.env.XDG_CONFIG_DIRS?.trim() || '/etc/xdg')
    .split(':')
    .map((d) => join(d.replace(/\/+$/, ''), 'openstack'))
    .join(':');
  return [ctx.cwd, join(xdgHome, 'openstack'), unixHome, xdgDirs, '/etc/openstack'];
}

function candidates(ctx: SearchContext, base: string, overrideVar: string): string[] {
  const files = searchDirs(ctx).flatMap((d) => ['.yaml', '.yml', '.json'].map((s) => join(d, base + s)));
  const override = ctx.env[overrideVar];
  return override ? [override, ...files] : files;
}

/** OS_CLIENT_CONFIG_FILE first, then clouds.{yaml,yml,json} along the search path. */
export function configFileCandidates(ctx: SearchContext): string[] {
  return candidates(ctx, 'clouds', 'OS_CLIENT_CONFIG_FILE');
}

/** OS_CLIENT_SECURE_FILE first, then secure.{yaml,yml,json} along the search path. */
export function secureFileCandidates(ctx: SearchContext): string[] {
  return candidates(ctx, 'secure', 'OS_CLIENT_SECURE_FILE');
}

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The first candidate that exists and can be read and parsed wins; later ones are not
 * merged. Like openstacksdk, an unreadable (EACCES) or unparsable file is skipped with a
 * warning, and a file that parses to something other than a mapping is an error.
 */
export function loadFirstFile(
  paths: string[],
  warn: (msg: string) => void,
): { path: string; data: Json } | null {
  for (const path of paths) {
    if (!existsSync(path)) continue;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EACCES' || (e as NodeJS.ErrnoException).code === 'EISDIR') continue;
      throw e;
    }
    let data: unknown;
    try {
      data = path.endsWith('json') ? JSON.parse(text) : parseYaml(text);
    } catch (e) {
      // The parser's message quotes the offending line, which may hold a password.
      warn(`skipping config file ${path}: it does not parse as ${path.endsWith('json') ? 'JSON' : 'YAML'}`);
      continue;
    }
    if (!isObject(data)) throw new InputError(`configuration file ${path} is empty or not a valid mapping`);
    if (!('clouds' in data)) warn(`configuration file ${path} does not contain a 'clouds' key`);
    return { path, data };
  }
  return null;
}

/** openstacksdk's merge_clouds: dict.update that recurses into nested mappings. */
export function mergeClouds(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const prev = out[k];
    out[k] = isObject(v) ? (isObject(prev) ? mergeClouds(prev, v) : { ...v }) : v;
  }
  return out;
}

/** openstacksdk's normalize_keys: `-` becomes `_` in every key, recursively. */
export function normalizeKeys(obj: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) out[k.replace(/-/g, '_')] = isObject(v) ? normalizeKeys(v) : v;
  return out;
}
