import { formatDuration } from '../duration.js';
import { InputError } from '../errors.js';
import { parsePolicyOptions, POLICY_NAMES, policyByName } from '../pool/policies.js';
import { FieldReader } from './field-reader.js';
import { MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from './password.js';
import { MAX_IMPORTANCE, MIN_IMPORTANCE, type PoolSettings, type Profile } from './types.js';
import { checkUserDataTemplate, MAX_USER_DATA_BYTES, userDataBytes } from './user-data.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A profile as written in drover.yaml or sent to the API: the same fields, durations as text ("7d"). */
export interface ProfileSpec extends Omit<Profile, 'defaultLeaseMs' | 'maxLeaseMs' | 'graceMs' | 'warnBeforeMs' | 'pool'> {
  defaultLease: string;
  maxLease: string;
  grace: string;
  warnBefore: string[];
  pool: Omit<PoolSettings, 'maxAgeMs'> & { maxAge: string };
}

export const PROFILE_DEFAULTS = Object.freeze({
  defaultLeaseMs: 7 * DAY,
  maxLeaseMs: 30 * DAY,
  maxRenewals: 3,
  defaultImportance: 0,
  importantThreshold: 5,
  graceMs: 3 * DAY,
  warnBeforeMs: Object.freeze([24 * HOUR, HOUR]),
  passwordLength: 16,
  floatingIp: false,
  pool: Object.freeze({ policy: 'predictive', m: 20, n: 5, min: 1, maxAgeMs: 10 * DAY }),
});

/** Sanity ceilings: far above any real need, low enough to catch a unit slip ("7000d"). */
const LIMITS = { leaseMs: 365 * DAY, graceMs: 90 * DAY, maxAgeMs: 365 * DAY, renewals: 1000, poolSize: 10_000 };

const FIELDS = [
  'name', 'purpose', 'clouds', 'image', 'flavor', 'networks', 'securityGroups', 'keyName', 'userData',
  'floatingIp', 'passwordLength', 'defaultLease', 'maxLease', 'maxRenewals', 'defaultImportance',
  'importantThreshold', 'grace', 'warnBefore', 'pool',
] as const;
const POOL_FIELDS = ['policy', 'm', 'n', 'min', 'options', 'maxAge'] as const;

/** DNS-label-like: profile names end up in server names, URLs and metric labels. */
const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Same rule as cloud names in drover.yaml. */
const CLOUD = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Validates a profile and fills in defaults. Every error is an InputError whose
 * `field` is the dotted path under `path`, e.g. "profile.pool.n must be <=
 * profile.pool.m (5)". Unknown keys are rejected, naming them.
 *
 * Pool bounds given explicitly must satisfy min <= n <= m; omitted ones default to
 * n 5 and min 1 but never above the m (or n) given, so `pool: {m: 3}` is valid;
 * likewise default warnings as long as the maximum lease are dropped (`maxLease: 1d`
 * keeps only the 1 h warning), while written ones are checked.
 * `pool.options` is checked by the policy's parser and kept as written (defaults
 * not filled in): the policy applies its own defaults when it decides, and
 * `profileToSpec` renders back what the operator wrote.
 */
export function parseProfile(raw: unknown, path = 'profile'): Profile {
  const r = new FieldReader(raw, path, FIELDS);
  const name = r.string('name', undefined, { nonEmpty: true });
  if (!NAME.test(name)) {
    throw new InputError(`${r.field('name')} must be lower-case letters, digits and dashes (at most 63, not starting or ending with a dash), e.g. redis-test`, r.field('name'));
  }
  const clouds = r.strings('clouds', [], (c, f) => {
    if (!CLOUD.test(c)) throw new InputError(`${f} must be a cloud name (lower-case letters, digits, dashes)`, f);
  });
  if (clouds.length === 0) throw new InputError(`${r.field('clouds')} must name at least one cloud`, r.field('clouds'));

  const maxLeaseMs = r.duration('maxLease', PROFILE_DEFAULTS.maxLeaseMs, LIMITS.leaseMs);
  const defaultLeaseMs = r.duration('defaultLease', Math.min(PROFILE_DEFAULTS.defaultLeaseMs, maxLeaseMs), LIMITS.leaseMs);
  if (defaultLeaseMs > maxLeaseMs) {
    throw new InputError(`${r.field('defaultLease')} must be <= ${r.field('maxLease')} (${formatDuration(maxLeaseMs)})`, r.field('defaultLease'));
  }
  // Default warnings that could never fire (as long as the longest lease) are dropped; written ones are checked.
  const warnDefaults = PROFILE_DEFAULTS.warnBeforeMs.filter((w) => w < maxLeaseMs);
  const warnBeforeMs = r.durations('warnBefore', warnDefaults, LIMITS.leaseMs);
  warnBeforeMs.forEach((w, i) => {
    const f = `${r.field('warnBefore')}[${i}]`;
    if (w >= maxLeaseMs) throw new InputError(`${f} (${formatDuration(w)}) must be shorter than ${r.field('maxLease')} (${formatDuration(maxLeaseMs)})`, f);
    if (warnBeforeMs.indexOf(w) !== i) throw new InputError(`${f} repeats ${formatDuration(w)}`, f);
  });

  const passwordLength = r.integer('passwordLength', PROFILE_DEFAULTS.passwordLength, 0, MAX_PASSWORD_LENGTH);
  if (passwordLength > 0 && passwordLength < MIN_PASSWORD_LENGTH) {
    throw new InputError(`${r.field('passwordLength')} must be 0 (no password) or at least ${MIN_PASSWORD_LENGTH}`, r.field('passwordLength'));
  }

  const userData = r.get('userData') === undefined ? null : r.string('userData');
  if (userData !== null) {
    checkUserDataTemplate(userData, undefined, r.field('userData'));
    if (userDataBytes(userData) > MAX_USER_DATA_BYTES) {
      throw new InputError(`${r.field('userData')} must be at most ${MAX_USER_DATA_BYTES} bytes (Nova's limit)`, r.field('userData'));
    }
  }

  return {
    name,
    purpose: r.string('purpose', '', { max: 200 }),
    clouds,
    image: r.string('image', undefined, { nonEmpty: true, max: 255 }),
    flavor: r.string('flavor', undefined, { nonEmpty: true, max: 255 }),
    networks: r.strings('networks', []),
    securityGroups: r.strings('securityGroups', []),
    keyName: r.optionalString('keyName', 255),
    userData,
    floatingIp: r.boolean('floatingIp', PROFILE_DEFAULTS.floatingIp),
    passwordLength,
    defaultLeaseMs,
    maxLeaseMs,
    maxRenewals: r.integer('maxRenewals', PROFILE_DEFAULTS.maxRenewals, 0, LIMITS.renewals),
    defaultImportance: r.integer('defaultImportance', PROFILE_DEFAULTS.defaultImportance, MIN_IMPORTANCE, MAX_IMPORTANCE),
    importantThreshold: r.integer('importantThreshold', PROFILE_DEFAULTS.importantThreshold, MIN_IMPORTANCE, MAX_IMPORTANCE),
    graceMs: r.duration('grace', PROFILE_DEFAULTS.graceMs, LIMITS.graceMs),
    // Largest first: the order warnings go out in.
    warnBeforeMs: [...warnBeforeMs].sort((a, b) => b - a),
    pool: parsePool(r.get('pool'), r.field('pool')),
  };
}

function parsePool(raw: unknown, path: string): Profile['pool'] {
  const r = new FieldReader(raw ?? {}, path, POOL_FIELDS);
  const d = PROFILE_DEFAULTS.pool;
  const policyRaw = r.get('policy') ?? d.policy;
  if (typeof policyRaw !== 'string') throw new InputError(`${r.field('policy')} must be one of ${POLICY_NAMES.join(', ')}`, r.field('policy'));
  policyByName(policyRaw, r.field('policy'));

  const m = r.integer('m', d.m, 1, LIMITS.poolSize);
  const n = r.integer('n', Math.min(d.n, m), 0, LIMITS.poolSize);
  if (n > m) throw new InputError(`${r.field('n')} must be <= ${r.field('m')} (${m})`, r.field('n'));
  const min = r.integer('min', Math.min(d.min, n), 0, LIMITS.poolSize);
  if (min > n) throw new InputError(`${r.field('min')} must be <= ${r.field('n')} (${n})`, r.field('min'));

  const options = r.get('options') ?? {};
  parsePolicyOptions(policyRaw, options, r.field('options'));
  return {
    policy: policyRaw,
    m,
    n,
    min,
    options: jsonCopy(options) as Record<string, unknown>,
    maxAgeMs: r.duration('maxAge', d.maxAgeMs, LIMITS.maxAgeMs),
  };
}

/** The profile as an operator would write it (durations as text), for the API and CLI. */
export function profileToSpec(p: Profile): ProfileSpec {
  return {
    name: p.name,
    purpose: p.purpose,
    clouds: [...p.clouds],
    image: p.image,
    flavor: p.flavor,
    networks: [...p.networks],
    securityGroups: [...p.securityGroups],
    keyName: p.keyName,
    userData: p.userData,
    floatingIp: p.floatingIp,
    passwordLength: p.passwordLength,
    defaultLease: formatDuration(p.defaultLeaseMs),
    maxLease: formatDuration(p.maxLeaseMs),
    maxRenewals: p.maxRenewals,
    defaultImportance: p.defaultImportance,
    importantThreshold: p.importantThreshold,
    grace: formatDuration(p.graceMs),
    warnBefore: p.warnBeforeMs.map(formatDuration),
    pool: {
      policy: p.pool.policy,
      m: p.pool.m,
      n: p.pool.n,
      min: p.pool.min,
      options: jsonCopy(p.pool.options) as Record<string, unknown>,
      maxAge: formatDuration(p.pool.maxAgeMs),
    },
  };
}

/** Options are stored as JSON; copying through it also keeps the caller's object unshared. */
function jsonCopy(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
