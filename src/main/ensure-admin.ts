import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/store.js';

export const ADMIN_TOKEN_FILE = 'admin.token';

/**
 * The admin user and its API token. Created at first start; the secret is written
 * to `<dataDir>/admin.token` (mode 0600) so that `drover token` and the CLI can read
 * it. A token file that no longer authenticates (a new database) is replaced.
 */
export async function ensureAdmin(store: Store, dataDir: string, now: number): Promise<{ token: string; created: boolean }> {
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    const user = await store.authenticate(secret);
    if (user?.role === 'admin') return { token: secret, created: false };
  }
  const admin =
    (await store.getUserByName('admin')) ??
    (await store.createUser({ name: 'admin', role: 'admin', project: 'admin', email: null }, now));
  const { secret } = await store.createToken(admin.id, 'admin token (created at first start)', now);
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token: secret, created: true };
}
