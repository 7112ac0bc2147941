/**
 * What a listing of the simulated cloud costs once it has a long history: LIVE live
 * servers and DELETED deleted ones (tombstones; the clock does not move, so none is
 * past its retention). Times, per call: a lookup by `drover:instance` tag (how the
 * instance controller finds a server), a changes-since listing after one change (how
 * ServerWatch and the pool benchmark's wake-ups follow the cloud), and a plain listing.
 *
 *   node --import tsx bench/sim-listings.ts [LIVE] [DELETED]     (default 10000 50000)
 */
import { DROVER_INSTANCE_TAG } from '../src/core/cloud.js';
import { SimCloud } from '../src/drivers/sim/index.js';
import { VirtualClock } from '../src/sim/virtual-clock.js';

const live = Math.max(2000, Number(process.argv[2] ?? 10_000));
const deleted = Number(process.argv[3] ?? 50_000);
// Room for every server, so that none fails to schedule.
const cloud = new SimCloud({ clock: new VirtualClock(), seed: 1, availabilityZones: 10, hostsPerZone: 100 });
const boot = { flavorId: cloud.listFlavors()[0]!.id, imageId: cloud.listImages()[0]!.id, networks: 'none' as const };

// A server deleted before it is scheduled is deleted at once (Nova's local delete).
for (let i = 0; i < deleted; i++) cloud.deleteServer(cloud.createServer({ ...boot, name: `d${i}`, metadata: { [DROVER_INSTANCE_TAG]: `d${i}` } }).id);
const ids: string[] = [];
for (let i = 0; i < live; i++) ids.push(cloud.createServer({ ...boot, name: `l${i}`, metadata: { [DROVER_INSTANCE_TAG]: `l${i}` } }).id);

function time(what: string, calls: number, call: (i: number) => number): void {
  let returned = 0;
  const start = performance.now();
  for (let i = 0; i < calls; i++) returned += call(i);
  const us = ((performance.now() - start) * 1000) / calls;
  console.log(`${what.padEnd(34)} ${us.toFixed(1).padStart(10)} µs/call  (${(returned / calls).toFixed(1)} servers returned)`);
}

console.log(`${live} live servers, ${deleted} deleted`);
time('tag lookup (live tag)', 2000, (i) => cloud.listServers({ metadata: { [DROVER_INSTANCE_TAG]: `l${(i * 7919) % live}` } }).servers.length);
time('tag lookup (deleted tag)', 2000, (i) => cloud.listServers({ metadata: { [DROVER_INSTANCE_TAG]: `d${(i * 7919) % deleted}` } }).servers.length);
time('plain listing', 20, () => cloud.listServers().servers.length);
let cursor = cloud.listServers({ metadata: { [DROVER_INSTANCE_TAG]: 'none' } }).cursor;
time('changes-since after one deletion', 2000, (i) => {
  cloud.deleteServer(ids[i]!);
  const listing = cloud.listServers({ changesSince: cursor });
  cursor = listing.cursor;
  return listing.servers.length;
});
cloud.close();
