import { InputError } from '../../core/errors.js';
import type {
  ApplicationCredentialAuth,
  EndpointInterface,
  OpenStackAuth,
  OpenStackCloudConfig,
  OpenStackScope,
  PasswordAuth,
} from './cloud-config.js';
import {
  configFileCandidates,
  defaultSearchContext,
  isObject,
  loadFirstFile,
  mergeClouds,
  normalizeKeys,
  secureFileCandidates,
  type Json,
  type SearchContext,
} from './clouds-yaml-files.js';
import { cloudRegions, fixCloud } from './clouds-yaml-resolve.js';
import { Secret } from './secret.js';

export interface LoadCloudOptions {
  /** The cloud's name; default: $OS_CLOUD, else the only cloud of the file. */
  cloud?: string;
  /** Region of a multi-region cloud; default: its first. */
  regionName?: string;
  /** Defaults: process.env, process.cwd(), the user's home. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  home?: string;
  /** Called for skipped files and ignored keys; default: process.emitWarning. */
  warn?: (msg: string) => void;
}

/** Variables that only select or locate a cloud; alone they do not define one. */
const SELECTORS = new Set(['OS_CLOUD', 'OS_REGION_NAME', 'OS_CLIENT_CONFIG_FILE', 'OS_CLIENT_SECURE_FILE', 'OS_CLOUD_NAME']);

/** openstacksdk's environment cloud: every OS_* variable, lower-cased, without the prefix. */
function envCloud(env: Record<string, string | undefined>): Json | null {
  const keys = Object.keys(env).filter(
    (k) => k.startsWith('OS_') && !k.startsWith('OS_TEST') && !k.startsWith('OS_STD') && !k.startsWith('OS_LOG'),
  );
  if (!keys.some((k) => !SELECTORS.has(k))) return null;
  const cloud: Json = {};
  for (const k of keys) cloud[k.slice(3).toLowerCase()] = env[k];
  return cloud;
}

/**
 * Finds clouds.yaml (and secure.yaml) as openstacksdk does, selects one cloud and
 * returns it typed. Errors (InputError) name the file and key; they never hold a secret.
 */
export function loadCloudConfig(opts: LoadCloudOptions = {}): OpenStackCloudConfig {
  const base = defaultSearchContext();
  const ctx: SearchContext = { env: opts.env ?? base.env, cwd: opts.cwd ?? base.cwd, home: opts.home ?? base.home };
  const warn = opts.warn ?? ((m: string) => process.emitWarning(m, 'DroverCloudConfig'));

  const main = loadFirstFile(configFileCandidates(ctx), warn);
  const secure = loadFirstFile(secureFileCandidates(ctx), warn);
  let data: Json = main?.data ?? {};
  if (secure) data = mergeClouds(data, secure.data);
  const clouds: Json = isObject(data.clouds) ? { ...data.clouds } : {};

  const envName = ctx.env.OS_CLOUD_NAME || 'envvars';
  const fromEnv = envCloud(ctx.env);
  if (fromEnv) {
    if (envName in clouds) throw new InputError(`${main?.path} defines a cloud named ${envName}, which OS_CLOUD_NAME also names`);
    clouds[envName] = fromEnv;
  }

  const files = [main?.path, secure?.path].filter(Boolean).join(' + ') || 'no clouds.yaml found';
  const names = Object.keys(clouds);
  let name = opts.cloud || ctx.env.OS_CLOUD || (fromEnv ? envName : undefined);
  if (!name) {
    if (names.length === 1) name = names[0]!;
    else if (names.length === 0) {
      throw new InputError(`no OpenStack cloud configured (${files}; searched ${configFileCandidates(ctx).join(', ')})`);
    } else throw new InputError(`${files} defines several clouds (${names.join(', ')}): name one (OS_CLOUD)`);
  }
  const raw = clouds[name];
  if (!isObject(raw)) {
    throw new InputError(`cloud ${name} not found in ${files} (clouds: ${names.join(', ') || 'none'})`, `clouds.${name}`);
  }
  const where = `${main?.path ?? 'environment'}: clouds.${name}`;
  if (raw.profile !== undefined || raw.cloud !== undefined) {
    throw new InputError(`${where}.profile: vendor profiles are not supported; write the settings into the cloud`, `clouds.${name}.profile`);
  }

  let cloud = normalizeKeys(raw);
  const regions = cloudRegions(cloud, where);
  let regionName: string | null = null;
  if (regions.length > 0) {
    const region = opts.regionName ? regions.find((r) => r.name === opts.regionName) : regions[0];
    if (!region) {
      throw new InputError(`${where}: region ${opts.regionName} is not one of ${regions.map((r) => r.name).join(', ')}`, `clouds.${name}.regions`);
    }
    regionName = region.name || null;
    cloud = mergeClouds(cloud, normalizeKeys(region.values));
  } else if (opts.regionName) regionName = opts.regionName;
  delete cloud.regions;
  delete cloud.region_name;

  cloud = fixCloud(cloud, where);
  return {
    name,
    sourceFile: fromEnv && name === envName ? null : main?.path ?? null,
    secureFile: secure?.path ?? null,
    auth: toAuth(cloud, where),
    regionName,
    ...endpointSettings(cloud, where),
  };
}

function text(v: unknown): string | undefined {
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

function bool(v: unknown, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'boolean') return v;
  return String(v).toLowerCase() === 'true';
}

function toInterface(v: unknown, where: string, key: string): EndpointInterface {
  const s = String(v).toLowerCase().replace(/url$/, '');
  if (s === 'public' || s === 'internal' || s === 'admin') return s;
  throw new InputError(`${where}.${key}: interface must be public, internal or admin (got ${String(v)})`, key);
}

function toAuth(cloud: Json, where: string): OpenStackAuth {
  const a = cloud.auth as Json;
  const need = (key: string): string => {
    const v = text(a[key]);
    if (v === undefined) throw new InputError(`${where}.auth.${key} is missing`, `${where}.auth.${key}`);
    return v;
  };
  const authUrl = need('auth_url');
  const userDomainId = text(a.user_domain_id) ?? text(a.default_domain_id);
  const userDomainName = text(a.user_domain_name) ?? text(a.default_domain_name);
  const user = { userId: text(a.user_id), username: text(a.username), userDomainId, userDomainName };
  const checkUser = (required: boolean): void => {
    if (!user.userId && !user.username) {
      if (required) throw new InputError(`${where}.auth.username (or user_id) is missing`, `${where}.auth.username`);
      return;
    }
    if (!user.userId && !userDomainId && !userDomainName) {
      throw new InputError(`${where}.auth.user_domain_name (or user_domain_id) is missing: keystone v3 needs the user's domain`, `${where}.auth.user_domain_name`);
    }
  };
  const type = String(cloud.auth_type);
  if (type === 'password' || type === 'v3password') {
    checkUser(true);
    const auth: PasswordAuth = { type: 'password', authUrl, ...defined(user), password: new Secret(need('password')), scope: toScope(a, where) };
    return auth;
  }
  if (type === 'v3applicationcredential' || type === 'applicationcredential') {
    const id = text(a.application_credential_id);
    const appName = text(a.application_credential_name);
    if (!id && !appName) throw new InputError(`${where}.auth.application_credential_id is missing`, `${where}.auth.application_credential_id`);
    if (!id) checkUser(true);
    const auth: ApplicationCredentialAuth = {
      type: 'application-credential', authUrl, ...defined({ id, name: appName, ...user }),
      secret: new Secret(need('application_credential_secret')),
    };
    return auth;
  }
  throw new InputError(`${where}.auth_type: ${type} is not supported (password, v3password, v3applicationcredential)`, `${where}.auth_type`);
}

function toScope(a: Json, where: string): OpenStackScope {
  const projectId = text(a.project_id);
  const projectName = text(a.project_name);
  if (projectId || projectName) {
    const projectDomainId = text(a.project_domain_id) ?? text(a.default_domain_id);
    const projectDomainName = text(a.project_domain_name) ?? text(a.default_domain_name);
    if (!projectId && !projectDomainId && !projectDomainName) {
      throw new InputError(`${where}.auth.project_domain_name (or project_domain_id) is missing: keystone v3 needs the project's domain`, `${where}.auth.project_domain_name`);
    }
    return { kind: 'project', ...defined({ projectId, projectName, projectDomainId, projectDomainName }) };
  }
  const domainId = text(a.domain_id);
  const domainName = text(a.domain_name);
  if (domainId || domainName) return { kind: 'domain', ...defined({ domainId, domainName }) };
  if (a.system_scope) return { kind: 'system' };
  return { kind: 'unscoped' };
}

function endpointSettings(cloud: Json, where: string) {
  const endpointOverrides: Record<string, string> = {};
  const serviceInterfaces: Record<string, EndpointInterface> = {};
  const apiVersions: Record<string, string> = {};
  for (const [k, v] of Object.entries(cloud)) {
    const m = /^(.+)_(endpoint_override|endpoint|interface|api_version)$/.exec(k);
    if (!m || v === undefined || v === null || v === '') continue;
    const [, service, what] = m as unknown as [string, string, string];
    if (what === 'endpoint_override') endpointOverrides[service] = String(v);
    else if (what === 'endpoint') endpointOverrides[service] ??= String(v);
    else if (what === 'interface') serviceInterfaces[service] = toInterface(v, where, k);
    else apiVersions[service] = String(v);
  }
  const identityApiVersion = apiVersions.identity ?? '3';
  if (!/^3(\.\d+)?$/.test(identityApiVersion)) {
    throw new InputError(`${where}.identity_api_version: only Keystone v3 is supported (got ${identityApiVersion})`, `${where}.identity_api_version`);
  }
  const timeout = Number(cloud.api_timeout);
  return {
    interface: cloud.interface === undefined ? ('public' as const) : toInterface(cloud.interface, where, 'interface'),
    serviceInterfaces,
    endpointOverrides,
    apiVersions,
    verify: bool(cloud.insecure, false) ? false : bool(cloud.verify, true),
    cacert: text(cloud.cacert) ?? null,
    cert: text(cloud.cert) ?? null,
    key: text(cloud.key) ?? null,
    identityApiVersion,
    apiTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : null,
  };
}

/** Drops undefined members so optional properties stay absent. */
function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}
