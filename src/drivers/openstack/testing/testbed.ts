import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Server } from '../../../core/cloud.js';
import { isDriverError } from '../../../core/errors.js';
import { loadCloudConfig } from '../clouds-yaml.js';
import { OpenStackDriver, type OpenStackDriverOptions } from '../openstack-driver.js';

const run = promisify(execFile);

/** The repository's scripts/testbed (the bed's up, down and status). */
export const TESTBED_SCRIPTS = fileURLToPath(new URL('../../../../scripts/testbed/', import.meta.url));
export const DEFAULT_CLOUDS_YAML = '/var/lib/openstack-testbed/clouds.yaml';
export const TESTBED_MISSING = 'OpenStack test bed not running: run scripts/testbed/up';

/**
 * The clouds.yaml of a running test bed: $DROVER_TESTBED_CLOUDS_YAML, else the bed's
 * default path when `scripts/testbed/status` says the whole bed answers; else null
 * (callers then skip with TESTBED_MISSING).
 */
export function findTestbed(): string | null {
  const fromEnv = process.env.DROVER_TESTBED_CLOUDS_YAML;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  if (!existsSync(DEFAULT_CLOUDS_YAML)) return null;
  const status = spawnSync('bash', [`${TESTBED_SCRIPTS}status`, '-q'], { stdio: 'ignore', timeout: 60_000 });
  return status.status === 0 ? DEFAULT_CLOUDS_YAML : null;
}

/** A driver on cloud `testbed` (admin) or `testbed-demo` of that clouds.yaml. */
export function testbedDriver(cloudsYaml: string, cloud = 'testbed', opts: OpenStackDriverOptions = {}): OpenStackDriver {
  const config = loadCloudConfig({ cloud, env: { OS_CLIENT_CONFIG_FILE: cloudsYaml } });
  return new OpenStackDriver(config, opts);
}

/** Ids of what up.sh creates: flavor m1.nano, image fake-image, networks private/public. */
export async function testbedBoot(driver: OpenStackDriver): Promise<{ flavorId: string; imageId: string; privateNet: string; publicNet: string }> {
  const [flavors, images, nets] = await Promise.all([driver.listFlavors(), driver.listImages(), driver.listNetworks()]);
  const find = <T extends { name: string }>(list: T[], name: string): T => {
    const x = list.find((i) => i.name === name);
    if (!x) throw new Error(`the test bed has no ${name}: run scripts/testbed/up`);
    return x;
  };
  return {
    flavorId: (find(flavors, 'm1.nano') as { id: string }).id,
    imageId: (find(images, 'fake-image') as { id: string }).id,
    privateNet: (find(nets, 'private') as { id: string }).id,
    publicNet: (find(nets, 'public') as { id: string }).id,
  };
}

/**
 * One crashed host at a time across test processes (test files may run in parallel on
 * a bigger machine): crashHost takes this lock, restoreHost releases it. A lock older
 * than 15 minutes is a dead run's and is broken.
 */
const CRASH_LOCK = join(tmpdir(), 'drover-testbed-host-crash.lock');

async function takeCrashLock(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(CRASH_LOCK);
      return;
    } catch {
      try {
        if (Date.now() - statSync(CRASH_LOCK).mtimeMs > 900_000) rmSync(CRASH_LOCK, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

/** A host crash: stops the fake nova-compute of `host` (fake-N); its guests vanish with it. */
export async function crashHost(host: string): Promise<void> {
  await takeCrashLock();
  await run('bash', [`${TESTBED_SCRIPTS}down`, `nova-compute-${host}`], { timeout: 120_000 });
}

/**
 * Brings a crashed host back: `scripts/testbed/up` restarts its fake nova-compute, and
 * its forced-down flag is cleared as soon as Nova accepts that. Both at once because
 * each waits for the other: Nova Zed refuses the un-force until the restarted compute
 * has reported (REPORT pitfall 7), and `up` waits until every hypervisor reads "up",
 * which a forced-down one never does.
 */
export async function restoreHost(driver: OpenStackDriver, host: string): Promise<void> {
  try {
    await restore(driver, host);
  } finally {
    rmSync(CRASH_LOCK, { recursive: true, force: true });
  }
}

async function restore(driver: OpenStackDriver, host: string): Promise<void> {
  let failed: unknown = null;
  const up = run('bash', [`${TESTBED_SCRIPTS}up`], { timeout: 600_000 }).catch((e) => {
    failed = e;
  });
  await poll(async () => {
    if (failed) throw failed;
    try {
      await driver.setServiceForcedDown(host, false);
      return true;
    } catch (e) {
      if (isDriverError(e, 'conflict')) return false; // the restarted compute has not reported yet
      throw e;
    }
  }, `Nova accepting ${host} forced up`, 300_000, 2_000);
  await up;
  if (failed) throw failed;
}

/** Polls `probe` every `intervalMs` until it returns a value; throws naming `what`. */
export async function poll<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 300_000, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function settled(s: Server | null): s is Server {
  return s !== null && s.status === 'ACTIVE' && s.taskState === null;
}

/** A per-run name prefix, so leftovers of a crashed run are recognisable and removable. */
export function runPrefix(what: string): string {
  return `drover-test-${what}-${process.pid}-${Date.now().toString(36)}`;
}
