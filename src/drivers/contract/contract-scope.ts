import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { DROVER_INSTANCE_TAG, type Server } from '../../core/cloud.js';
import { isDriverError, type DriverErrorKind } from '../../core/errors.js';
import type { ContractFixture } from './contract-fixture.js';

/** A server id no cloud has: a well-formed UUID, so that only its absence is tested. */
export const MISSING_ID = '00000000-0000-4000-8000-00000000dead';

/**
 * One test's view of the cloud: boots servers tagged for this run and deletes them
 * (and releases floating IPs) when the test ends, pass or fail.
 */
export class ContractScope {
  readonly #servers: string[] = [];
  readonly #floatingIps: string[] = [];

  constructor(
    readonly fx: ContractFixture,
    t: TestContext,
  ) {
    t.after(async () => {
      for (const id of this.#floatingIps) await this.fx.driver.releaseFloatingIp(id).catch(() => {});
      for (const id of this.#servers) await this.fx.driver.deleteServer(id).catch(() => {});
    });
  }

  get driver() {
    return this.fx.driver;
  }

  /** A fresh value for the `drover:instance` tag. */
  tag(): string {
    return `contract-${randomUUID()}`;
  }

  /** Accepts a boot; the server is deleted when the test ends. */
  async boot(label: string, tag = this.tag()): Promise<Server> {
    const { flavorId, imageId, networks } = this.fx.boot;
    const s = await this.driver.createServer({
      name: `${this.fx.namePrefix ?? 'drover-contract'}-${label}`,
      flavorId,
      imageId,
      networks,
      metadata: { [DROVER_INSTANCE_TAG]: tag, 'drover:contract': 'true' },
    });
    this.#servers.push(s.id);
    return s;
  }

  async bootActive(label: string, tag?: string): Promise<Server> {
    const s = await this.boot(label, tag);
    return this.waitServer(s.id, (x) => x.status === 'ACTIVE' && x.taskState === null, 'ACTIVE');
  }

  trackFloatingIp(id: string): void {
    this.#floatingIps.push(id);
  }

  /** Waits until the server satisfies `ok`; the timeout error tells what it last looked like. */
  async waitServer(id: string, ok: (s: Server) => boolean, what: string): Promise<Server> {
    let last: Server | null = null;
    try {
      return await this.fx.waitFor(async () => {
        last = await this.driver.getServer(id);
        return last !== null && ok(last) ? last : null;
      }, `server ${id} ${what}`);
    } catch (e) {
      throw new Error(`${(e as Error).message}; last seen: ${describe(last)}`, { cause: e });
    }
  }

  async waitGone(id: string): Promise<void> {
    await this.fx.waitFor(async () => (await this.driver.getServer(id)) === null, `server ${id} deleted`);
  }
}

function describe(s: Server | null): string {
  if (s === null) return 'gone';
  return `status ${s.status}, task ${s.taskState ?? '-'}, host ${s.host ?? '-'}${s.fault ? `, fault ${s.fault}` : ''}`;
}

/** Asserts that `work` fails with a DriverError of `kind`. */
export async function rejectsWith(work: Promise<unknown>, kind: DriverErrorKind, what: string): Promise<void> {
  await assert.rejects(work, (e: unknown) => {
    assert.ok(isDriverError(e), `${what}: expected a DriverError, got ${String(e)}`);
    assert.equal(e.kind, kind, `${what}: expected kind ${kind}, got ${e.kind} (${e.message})`);
    return true;
  });
}

/** A host other than `not` whose service is up, enabled and powered, preferring `az`. */
export function pickHost<H extends { name: string; availabilityZone: string; power: string; service: { state: string; enabled: boolean } }>(
  hosts: H[],
  not: string | null,
  az?: string | null,
): H | undefined {
  const usable = hosts.filter((h) => h.name !== not && h.service.state === 'up' && h.service.enabled && h.power !== 'off');
  return usable.find((h) => h.availabilityZone === az) ?? usable[0];
}
