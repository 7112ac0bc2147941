import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { parse } from 'yaml';
import { InputError } from '../../core/errors.js';
import { parseProfile, type Profile } from '../../core/leasing/index.js';
import { describeSchemaErrors, type SchemaError } from './schema-errors.js';
import { CLOUD_SCHEMAS, ConfigSchema, type CloudConfig, type DroverConfig } from './schema.js';

/** Raised for a config file that cannot be used; the message lists every problem. */
export class ConfigError extends InputError {}

/** Reads and validates drover.yaml. A missing path means "no file": defaults only. */
export function loadConfig(path?: string): DroverConfig {
  if (!path) return validateConfig({}, '(defaults)');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`cannot read config file ${path}: ${code === 'ENOENT' ? 'no such file' : String(code ?? error)}`);
  }
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return validateConfig(raw, path);
}

export function validateConfig(raw: unknown, source: string): DroverConfig {
  const problems = check(ConfigSchema, raw, '');
  const config = raw as DroverConfig;
  if (problems.length === 0 && Array.isArray(config.clouds)) {
    const names = new Set<string>();
    config.clouds.forEach((cloud, i) => {
      const schema = CLOUD_SCHEMAS[cloud.kind as keyof typeof CLOUD_SCHEMAS];
      if (!schema) {
        problems.push(`'clouds[${i}].kind' must be one of: ${Object.keys(CLOUD_SCHEMAS).map((k) => `"${k}"`).join(', ')}`);
        return;
      }
      problems.push(...check(schema, cloud, `/clouds/${i}`));
      if (names.has(cloud.name)) problems.push(`'clouds[${i}].name' repeats the cloud name "${cloud.name}"`);
      names.add(cloud.name);
    });
  }
  if (problems.length === 0 && Array.isArray(config.profiles)) problems.push(...profileProblems(config.profiles));
  if (problems.length > 0) {
    throw new ConfigError(`invalid config ${source}:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}

function check(schema: object, value: unknown, prefix: string): string[] {
  const errors = [...Value.Errors(schema as never, value)] as unknown as SchemaError[];
  const prefixed = errors.map((e) => ({ ...e, instancePath: prefix + e.instancePath }));
  return describeSchemaErrors(prefixed, (path) => allowedKeys(schema, path.slice(prefix.length)));
}

/** The property names a schema allows at an instance path (for "unknown key" help). */
function allowedKeys(schema: object, path: string): string[] {
  let node: any = schema;
  for (const part of path.split('/').slice(1)) {
    if (!node) return [];
    node = /^\d+$/.test(part) ? node.items : node.properties?.[part];
  }
  return node?.properties ? Object.keys(node.properties) : [];
}

/** One problem per bad profile (parseProfile stops at a profile's first), and repeated names. */
function profileProblems(profiles: unknown[]): string[] {
  const out: string[] = [];
  const names = new Set<string>();
  profiles.forEach((raw, i) => {
    const at = `profiles[${i}]`;
    const name = (raw as { name?: unknown } | null)?.name;
    if (typeof name === 'string') {
      if (names.has(name)) out.push(`'${at}.name' repeats the profile name "${name}"`);
      names.add(name);
    }
    try {
      parseProfile(raw, at);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      // parseProfile's messages start with the field's path; quote it as the other problems do.
      const field = e.field ?? at;
      out.push(e.message.startsWith(field) ? `'${field}'${e.message.slice(field.length)}` : e.message);
    }
  });
  return out;
}

/** The profiles of drover.yaml, validated and with defaults filled in (validateConfig checked them). */
export function profilesOf(config: DroverConfig): Profile[] {
  return (config.profiles ?? []).map((raw, i) => parseProfile(raw, `profiles[${i}]`));
}

/** The clouds to run: those configured, else one simulated cloud named "sim". */
export function cloudsOf(config: DroverConfig): CloudConfig[] {
  return config.clouds && config.clouds.length > 0 ? config.clouds : [{ name: 'sim', kind: 'sim' }];
}
