import { test } from 'node:test';
import { realTimeWaitFor, runCloudDriverContract, type ContractFixture } from '../contract/cloud-driver-contract.js';
import { crashHost, findTestbed, restoreHost, runPrefix, TESTBED_MISSING, testbedBoot, testbedDriver } from './testing/testbed.js';

/**
 * The shared CloudDriver contract against the real OpenStack test bed: once as admin
 * (cloud `testbed`: hosts, services, migrations, evacuation) and once as the non-admin
 * `testbed-demo` (admin calls must fail with DriverError fatal).
 */
const cloudsYaml = findTestbed();

async function fixture(cloud: 'testbed' | 'testbed-demo', admin: boolean): Promise<ContractFixture> {
  const driver = testbedDriver(cloudsYaml!, cloud, { pollIntervalMs: 500 });
  const boot = await testbedBoot(driver);
  return {
    driver,
    boot: { flavorId: boot.flavorId, imageId: boot.imageId, networks: [boot.privateNet] },
    floatingNetwork: 'public',
    waitFor: realTimeWaitFor({ intervalMs: 500, timeoutMs: 300_000 }),
    namePrefix: runPrefix(`contract-${admin ? 'admin' : 'demo'}`),
    capabilities: admin
      ? {
          admin: true,
          liveMigration: true,
          coldMigration: true,
          floatingIps: true,
          evacuation: {
            crashHost: (host) => crashHost(host),
            // Also clears forced-down (see restoreHost); the suite's own clear is then a repeat.
            restoreHost: (host) => restoreHost(driver, host),
          },
        }
      : { admin: false, floatingIps: true },
    close: () => driver.close(),
  };
}

if (cloudsYaml) {
  runCloudDriverContract('openstack test bed, admin', () => fixture('testbed', true));
  runCloudDriverContract('openstack test bed, non-admin', () => fixture('testbed-demo', false));
} else {
  test('CloudDriver contract: openstack test bed', (t) => t.skip(TESTBED_MISSING));
}
