import { InputError } from '../../core/errors.js';
import { isObject, type Json } from './clouds-yaml-files.js';

/**
 * openstacksdk's "magic fixes" (loader.py magic_fixes and _validate_auth), applied to
 * one cloud's merged dict: legacy spellings folded into their v3 names, plugin options
 * written at the cloud's top level moved into `auth`, and `domain_*` spread to the user
 * and project domains of a project-scoped cloud.
 */

const AUTH_ALIASES: Record<string, string[]> = {
  domain_id: ['domain_id'],
  domain_name: ['domain_name'],
  user_domain_id: ['user_domain_id'],
  user_domain_name: ['user_domain_name'],
  project_domain_id: ['project_domain_id'],
  project_domain_name: ['project_domain_name'],
  token: ['auth_token', 'token'],
  project_id: ['tenant_id', 'project_id'],
  project_name: ['tenant_name', 'project_name'],
};

/** Options of keystoneauth's password and application-credential plugins. */
const PLUGIN_OPTIONS = [
  'auth_url', 'system_scope', 'domain_id', 'domain_name', 'project_id', 'project_name',
  'project_domain_id', 'project_domain_name', 'trust_id', 'default_domain_id',
  'default_domain_name', 'user_id', 'username', 'user_domain_id', 'user_domain_name',
  'password', 'application_credential_id', 'application_credential_name',
  'application_credential_secret',
];

function str(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  return typeof v === 'string' ? v : String(v);
}

export function fixCloud(cloudIn: Json, where: string): Json {
  const cloud: Json = { ...cloudIn };
  if (cloud.auth !== undefined && !isObject(cloud.auth)) throw new InputError(`${where}.auth must be a mapping`, `${where}.auth`);
  const auth: Json = { ...((cloud.auth as Json | undefined) ?? {}) };
  cloud.auth = auth;

  // api timeouts: any per-service *_timeout becomes api_timeout.
  for (const k of Object.keys(cloud)) {
    if (k.endsWith('timeout') && k !== 'timeout' && k !== 'api_timeout') {
      cloud.api_timeout = cloud[k];
      delete cloud[k];
    }
  }
  // auth_plugin is the old name of auth_type; auth_type wins.
  cloud.auth_type = cloud.auth_type ?? cloud.auth_plugin ?? 'password';
  delete cloud.auth_plugin;

  // Legacy names; a value outside `auth` wins (it may come from the environment).
  for (const [target, names] of Object.entries(AUTH_ALIASES)) {
    let value: string | undefined;
    for (const n of names) {
      if (n in auth) {
        value = str(auth[n]) ?? value;
        delete auth[n];
      }
      if (n in cloud) {
        value = str(cloud[n]) ?? value;
        delete cloud[n];
      }
    }
    if (value !== undefined) auth[target] = value;
  }

  // *_endpoint_type is the old name of *_interface.
  for (const k of Object.keys(cloud)) {
    if (k.endsWith('endpoint_type')) {
      cloud[k.replace('endpoint_type', 'interface')] = cloud[k];
      delete cloud[k];
    }
  }

  // domain_* means both user and project domain when the cloud is project scoped.
  const projectScoped = 'project_id' in auth || 'project_name' in auth;
  for (const [key, spread] of [
    ['domain_id', ['user_domain_id', 'project_domain_id']],
    ['domain_name', ['user_domain_name', 'project_domain_name']],
  ] as const) {
    if (!projectScoped) continue;
    for (const s of spread) if (key in auth && !(s in auth)) auth[s] = auth[key];
    delete auth[key];
  }

  // Plugin options given at the top level move into auth; a value in auth wins.
  for (const opt of PLUGIN_OPTIONS) {
    const v = str(auth[opt]) ?? str(cloud[opt]);
    delete cloud[opt];
    if (v !== undefined) auth[opt] = v;
    else delete auth[opt];
  }
  return cloud;
}

/** A cloud's regions (`regions` list, else `region_name`, possibly comma separated). */
export function cloudRegions(cloud: Json, where: string): { name: string; values: Json }[] {
  const raw = cloud.regions ?? cloud.region_name;
  if (raw === undefined || raw === null || raw === '') return [];
  const list = Array.isArray(raw) ? raw : String(raw).split(',');
  return list.map((r, i) => {
    if (typeof r === 'string') return { name: r.trim(), values: {} };
    if (isObject(r) && typeof r.name === 'string' && Object.keys(r).every((k) => k === 'name' || k === 'values')) {
      return { name: r.name, values: isObject(r.values) ? r.values : {} };
    }
    throw new InputError(`${where}.regions[${i}]: a region is a name or {name, values}`, `${where}.regions`);
  });
}
