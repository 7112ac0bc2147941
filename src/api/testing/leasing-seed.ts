/**
 * Leasing fixtures for the API's and the CLI's tests: profiles through core's
 * parseProfile (so they are valid as an operator would write them), ready instances
 * written straight into the store (standing in for the pool and instance controllers),
 * and users with tokens.
 */
import { parseProfile, type Profile } from '../../core/leasing/index.js';
import type { InstanceRecord, Role, Store, User } from '../../store/store.js';

export const SMALL = { vcpus: 2, ramMb: 4096 };

/** A profile `name` on cloud sim; `over` as in drover.yaml (durations as text). */
export async function seedProfile(store: Store, name: string, over: Record<string, unknown> = {}, at = 0): Promise<Profile> {
  const profile = parseProfile({ name, purpose: `${name} tests`, clouds: ['sim'], image: 'ubuntu-22.04', flavor: 'm1.small', ...over });
  await store.upsertProfile(profile, at);
  return profile;
}

/** `count` ready instances of a pool, each with an address and a password. */
export async function seedReadyInstances(
  store: Store,
  pool: { profile: string; cloud: string },
  count: number,
  at: number,
  prefix = `${pool.profile}-${pool.cloud}`,
): Promise<InstanceRecord[]> {
  const out: InstanceRecord[] = [];
  for (let i = 0; i < count; i++) {
    const id = `i-${prefix}-${String(i).padStart(3, '0')}`;
    await store.insertInstance({ id, ...pool, ...SMALL }, at - 60_000);
    const ready = await store.updateInstance(
      id,
      {
        state: 'ready',
        serverId: `srv-${id}`,
        host: 'az1-h01',
        addresses: [{ network: 'private', ip: `10.0.${Math.floor(i / 250)}.${(i % 250) + 2}`, type: 'fixed' }],
        password: `pw-${id}`,
        readyAt: at - 1000 + i,
      },
      at - 1000 + i,
    );
    out.push(ready!);
  }
  return out;
}

/** A user with one API token. */
export async function seedUser(store: Store, name: string, role: Role, project: string, at = 0): Promise<{ user: User; token: string }> {
  const user = await store.createUser({ name, role, project, email: `${name}@example.com` }, at);
  const token = (await store.createToken(user.id, `test ${name}`, at)).secret;
  return { user, token };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Stands in for the pool and lease controllers in tests without them: every lease
 * waiting for a VM gets a fresh ready instance of its profile, handed over, until the
 * returned function is called (it resolves once the loop has stopped).
 */
export function fulfilWaitingLeases(store: Store, now: () => number): () => Promise<void> {
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      for (const lease of await store.listLeases({ states: ['provisioning'] })) {
        const [vm] = await seedReadyInstances(store, { profile: lease.profile, cloud: lease.cloud }, 1, now(), `for-${lease.id}`);
        await store.claimReadyInstance(lease.profile, lease.cloud, lease.id, now());
        await store.updateLease(lease.id, { state: 'active', instanceId: vm!.id, activeAt: now() }, now(), ['provisioning']);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return async () => {
    stop = true;
    await loop;
  };
}
