import { parseProfile } from './profile-spec.js';
import type { Profile } from './types.js';

/**
 * The catalogue `drover up` starts with in embedded mode on the simulated cloud, so
 * `drover request small` works at once. Image and flavors are the simulated cloud's
 * defaults (drivers/sim/sim-options.ts: ubuntu-22.04; m1.small .. m1.xlarge); pools
 * are small, with `min` keeping a few VMs warm before any demand has been measured.
 * Both sizing policies appear, so `drover pools` shows them side by side.
 *
 * Written as an operator would write drover.yaml and read through parseProfile, so
 * the demo cannot drift from what validation accepts.
 */
export const DEMO_PROFILE_SPECS: ReadonlyArray<Record<string, unknown>> = Object.freeze([
  {
    name: 'small',
    purpose: 'General purpose, 1 vCPU / 2 GB',
    image: 'ubuntu-22.04',
    flavor: 'm1.small',
    pool: { policy: 'predictive', m: 10, n: 4, min: 2 },
  },
  {
    name: 'medium',
    purpose: 'General purpose, 2 vCPU / 4 GB',
    image: 'ubuntu-22.04',
    flavor: 'm1.medium',
    pool: { policy: 'predictive', m: 8, n: 3, min: 2 },
  },
  {
    name: 'ci-runner',
    purpose: 'CI build runner, 4 vCPU / 8 GB, short leases',
    image: 'ubuntu-22.04',
    flavor: 'm1.large',
    defaultLease: '1d',
    maxLease: '7d',
    maxRenewals: 1,
    warnBefore: ['1h'],
    userData: '#cloud-config\nhostname: {{hostname}}\nwrite_files:\n  - path: /etc/drover-instance\n    content: "{{instance}} {{profile}} {{cloud}}"\n',
    pool: { policy: 'vmms', m: 8, n: 3, min: 1, options: { threshold: 5 } },
  },
  {
    name: 'redis-test',
    purpose: 'Redis cluster tests, 8 vCPU / 16 GB',
    image: 'ubuntu-22.04',
    flavor: 'm1.xlarge',
    floatingIp: true,
    defaultImportance: 5,
    importantThreshold: 5,
    grace: '3d',
    pool: { policy: 'predictive', m: 4, n: 2, min: 1 },
  },
]);

/** The demo profiles, each offered on `clouds` (the embedded simulated cloud is 'sim'). */
export function demoCatalogue(clouds: readonly string[] = ['sim']): Profile[] {
  return DEMO_PROFILE_SPECS.map((spec, i) => parseProfile({ ...spec, clouds: [...clouds] }, `demo[${i}]`));
}
