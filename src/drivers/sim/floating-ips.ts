import type { FloatingIp, Network } from '../../core/cloud.js';
import { DriverError } from '../../core/errors.js';
import type { SimFloatingIp, SimWorld } from './sim-world.js';

/**
 * Neutron floating IPs. An address comes from an external network's subnet (the same
 * pool its ports would use); associating adds it to the server's addresses (type
 * floating, under the fixed address's network, as Nova shows it); deleting a server
 * frees its floating IPs for re-use. Release is idempotent. The allocation's tag is
 * kept as Neutron keeps a description.
 */

export function listFloatingIps(w: SimWorld): FloatingIp[] {
  return [...w.floatingIps.values()].map(toFloatingIp);
}

export function allocateFloatingIp(w: SimWorld, network?: string, tag?: string): FloatingIp {
  const net = externalNetwork(w, network);
  const ip = w.pools.get(net.id)!.allocate(net.name);
  const f: SimFloatingIp = { id: w.ids.uuid(), ip, networkId: net.id, serverId: null, tag: tag || null };
  w.floatingIps.set(f.id, f);
  return toFloatingIp(f);
}

export function associateFloatingIp(w: SimWorld, floatingIpId: string, serverId: string): void {
  const f = floatingIp(w, floatingIpId);
  const s = w.server(serverId);
  if (f.serverId === s.id) return;
  if (f.serverId !== null) {
    throw new DriverError('conflict', `Floating IP ${f.ip} is already associated with server ${f.serverId}.`, { status: 409 });
  }
  if (s.addresses.some((a) => a.type === 'floating')) {
    throw new DriverError('conflict', `Server ${s.id} already has a floating IP.`, { status: 409 });
  }
  const fixed = s.addresses.find((a) => a.type === 'fixed');
  if (fixed === undefined) {
    throw new DriverError('conflict', `Server ${s.id} has no fixed IP to associate floating IP ${f.ip} with.`, { status: 409 });
  }
  f.serverId = s.id;
  s.addresses.push({ network: fixed.network, ip: f.ip, type: 'floating' });
  w.touchServer(s);
}

export function disassociateFloatingIp(w: SimWorld, floatingIpId: string): void {
  const f = floatingIp(w, floatingIpId);
  if (f.serverId === null) return;
  const s = w.servers.get(f.serverId);
  f.serverId = null;
  if (s !== undefined) {
    s.addresses = s.addresses.filter((a) => !(a.type === 'floating' && a.ip === f.ip));
    w.touchServer(s);
  }
}

export function releaseFloatingIp(w: SimWorld, floatingIpId: string): void {
  const f = w.floatingIps.get(floatingIpId);
  if (f === undefined) return;
  disassociateFloatingIp(w, f.id);
  w.pools.get(f.networkId)?.release(f.ip);
  w.floatingIps.delete(f.id);
}

function floatingIp(w: SimWorld, id: string): SimFloatingIp {
  const f = w.floatingIps.get(id);
  if (f === undefined) throw new DriverError('not-found', `Floating IP ${id} could not be found.`, { status: 404 });
  return f;
}

function externalNetwork(w: SimWorld, wanted?: string): Network {
  const net =
    wanted === undefined
      ? w.networks.find((n) => n.external)
      : w.networks.find((n) => n.external && (n.id === wanted || n.name === wanted));
  if (net === undefined) {
    throw new DriverError('not-found', `External network ${wanted ?? '(default)'} could not be found.`, { status: 404 });
  }
  return net;
}

function toFloatingIp(f: SimFloatingIp): FloatingIp {
  return { id: f.id, ip: f.ip, serverId: f.serverId, network: f.networkId, tag: f.tag };
}
