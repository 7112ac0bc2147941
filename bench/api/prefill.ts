import { randomBytes } from 'node:crypto';
import { parseProfile } from '../../src/core/leasing/index.js';
import { openStore } from '../../src/store/open-store.js';
import { BENCH_CLOUD, benchProfileSpec, type ApiBenchConfig } from './bench-config.js';

export interface Prefilled {
  /** One API token per client, each of its own user. */
  tokens: string[];
  /** Instance rows written for the pool. */
  instances: number;
}

/**
 * Prepares the database before the server starts: the cloud and the profile (as the
 * server's catalogue will write them), one user and token per client, and n instance
 * rows in state 'pending' for the pool. Booting 2,000 VMs through the pool controller
 * alone would take its createPerPass (10) per pass every 5 s, about 17 minutes; rows
 * written as 'pending' are the same intent the pool controller writes, and the
 * server's instance controller boots each of them in the simulated cloud as usual
 * (real servers, real provisioning steps), in about a minute.
 */
export async function prefill(c: ApiBenchConfig, clients: number, now: number): Promise<Prefilled> {
  const store = await openStore(c.databaseUrl);
  try {
    await store.upsertCloud({ name: BENCH_CLOUD, kind: 'sim', description: 'API benchmark' });
    await store.upsertProfile(parseProfile(benchProfileSpec(c)), now);
    const tokens: string[] = [];
    for (let i = 0; i < clients; i++) {
      const user = await store.createUser({ name: `bench-${i + 1}`, role: 'user', project: 'bench', email: null }, now);
      tokens.push((await store.createToken(user.id, 'API benchmark', now)).secret);
    }
    const batch = 50;
    for (let i = 0; i < c.n; i += batch) {
      await Promise.all(
        Array.from({ length: Math.min(batch, c.n - i) }, () =>
          store.insertInstance({ id: `i-${randomBytes(8).toString('hex')}`, cloud: BENCH_CLOUD, profile: 'bench', vcpus: 1, ramMb: 2048 }, now),
        ),
      );
    }
    return { tokens, instances: c.n };
  } finally {
    await store.close();
  }
}

/** Ready instances of the benchmark's pool, read from the database (the server is another process). */
export async function readyCount(databaseUrl: string): Promise<number> {
  const store = await openStore(databaseUrl);
  try {
    const counts = await store.poolCounts({ profile: 'bench', cloud: BENCH_CLOUD });
    return counts[0]?.ready ?? 0;
  } finally {
    await store.close();
  }
}
