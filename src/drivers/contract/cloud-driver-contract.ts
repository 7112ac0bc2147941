import { after, before, describe } from 'node:test';
import { actionTests } from './contract-actions.js';
import { catalogTests } from './contract-catalog.js';
import type { ContractFixture } from './contract-fixture.js';
import { floatingIpTagTests, floatingIpTests } from './contract-floating-ips.js';
import { moveTests } from './contract-moves.js';
import { serverTests } from './contract-servers.js';
import { serviceTests } from './contract-services.js';

export type { ContractCapabilities, ContractFixture, WaitFor } from './contract-fixture.js';
export { realTimeWaitFor } from './contract-fixture.js';

/**
 * Registers the CloudDriver contract as node:test tests under `describe(name)`.
 * `setup` runs once before the first test; tests run in order against that one
 * cloud and delete what they create. A case the fixture cannot run (no admin
 * credential, no second host, ...) is skipped with the reason, never passed.
 */
export function runCloudDriverContract(name: string, setup: () => Promise<ContractFixture>): void {
  describe(`CloudDriver contract: ${name}`, () => {
    let fixture: ContractFixture | undefined;
    const fx = (): ContractFixture => {
      if (fixture === undefined) throw new Error('contract fixture setup failed or has not run');
      return fixture;
    };
    before(async () => {
      fixture = await setup();
    });
    after(async () => {
      await fixture?.close?.();
    });
    catalogTests(fx);
    serverTests(fx);
    actionTests(fx);
    moveTests(fx);
    serviceTests(fx);
    floatingIpTests(fx);
    floatingIpTagTests(fx);
  });
}
