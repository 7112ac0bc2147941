/** Small builders for the leasing store tests. */
import type { Profile } from '../../core/leasing/types.js';
import type { NewLease, Store } from '../store.js';

export function profile(name: string, over: Partial<Profile> = {}): Profile {
  return {
    name,
    purpose: 'redis cluster tests',
    clouds: ['sim'],
    image: 'debian-12',
    flavor: 'm1.large',
    networks: [],
    securityGroups: ['default'],
    keyName: null,
    userData: '#cloud-config\nhostname: {{instance}}\n',
    floatingIp: true,
    passwordLength: 16,
    defaultLeaseMs: 7 * 86_400_000,
    maxLeaseMs: 30 * 86_400_000,
    maxRenewals: 3,
    defaultImportance: 1,
    importantThreshold: 5,
    graceMs: 3 * 86_400_000,
    warnBeforeMs: [86_400_000, 3_600_000],
    pool: { policy: 'vmms', m: 10, n: 4, min: 1, options: { threshold: 10, growth: [1.5, 2] }, maxAgeMs: 10 * 86_400_000 },
    ...over,
  };
}

export function lease(id: string, userId: string, over: Partial<NewLease> = {}): NewLease {
  return {
    id,
    userId,
    project: 'qa',
    profile: 'redis',
    cloud: 'sim',
    instanceId: null,
    state: 'provisioning',
    purpose: 'tests',
    importance: 1,
    fromPool: false,
    vcpus: 8,
    ramMb: 16384,
    createdAt: 1_000,
    expiresAt: 1_000 + 86_400_000,
    idempotencyKey: `key-${id}`,
    ...over,
  };
}

/** Inserts `count` ready instances of a pool, ready at `readyAt + i` (so their claim order is known). */
export async function readyInstances(
  store: Store,
  pool: { profile: string; cloud: string },
  count: number,
  prefix: string,
  readyAt = 100,
): Promise<string[]> {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${String(i).padStart(3, '0')}`;
    await store.insertInstance({ id, ...pool, vcpus: 2, ramMb: 4096 }, readyAt - 50);
    await store.updateInstance(id, { state: 'ready', serverId: `srv-${id}`, readyAt: readyAt + i }, readyAt + i);
    ids.push(id);
  }
  return ids;
}
