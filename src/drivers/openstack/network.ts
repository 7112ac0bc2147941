import type { FloatingIp, Network } from '../../core/cloud.js';
import { DriverError, isDriverError } from '../../core/errors.js';
import type { ServiceClient } from './service-client.js';

interface NeutronNetwork {
  id: string;
  name: string;
  'router:external'?: boolean;
}

interface NeutronFloatingIp {
  id: string;
  floating_ip_address: string;
  floating_network_id: string;
  port_id: string | null;
  /** standard-attr-description; absent on clouds without that extension. */
  description?: string;
}

interface NeutronPort {
  id: string;
  device_id: string;
  network_id: string;
  fixed_ips: { subnet_id: string; ip_address: string }[];
}

/**
 * Neutron v2.0: networks, ports and floating IPs. A floating IP's server is the
 * device of its port; one port listing serves every address of a listing.
 */
export class NetworkApi {
  constructor(readonly client: ServiceClient) {}

  async listNetworks(): Promise<Network[]> {
    const body = await this.client.json<{ networks: NeutronNetwork[] }>('GET', '/networks', {
      query: { fields: ['id', 'name', 'router:external'] },
    });
    return body.networks.map((n) => ({ id: n.id, name: n.name, external: n['router:external'] === true }));
  }

  /**
   * The token's project's addresses only, even for an admin (Neutron would list every
   * project's): as with Nova's server listing, what Drover sweeps is its own project.
   */
  async listFloatingIps(): Promise<FloatingIp[]> {
    const project = await this.client.projectId();
    const body = await this.client.json<{ floatingips: NeutronFloatingIp[] }>('GET', '/floatingips', {
      ...(project ? { query: { project_id: project } } : {}),
    });
    const portIds = [...new Set(body.floatingips.map((f) => f.port_id).filter((p): p is string => !!p))];
    const devices = new Map<string, string>();
    if (portIds.length > 0) {
      const ports = await this.client.json<{ ports: NeutronPort[] }>('GET', '/ports', {
        query: { id: portIds, fields: ['id', 'device_id'] },
      });
      for (const p of ports.ports) devices.set(p.id, p.device_id);
    }
    const names = await this.#networkNames();
    return body.floatingips.map((f) => this.#toFloatingIp(f, names, f.port_id ? devices.get(f.port_id) ?? null : null));
  }

  /**
   * From the external network named or with id `network`, else the only (or first)
   * external one. The tag goes into the address's description: settable in the same
   * POST (tags would need a second call, which a crash could separate from this one).
   */
  async allocateFloatingIp(network?: string, tag?: string): Promise<FloatingIp> {
    const external = (await this.listNetworks()).filter((n) => n.external);
    const net = network ? external.find((n) => n.id === network || n.name === network) : external[0];
    if (!net) {
      throw new DriverError('not-found', network ? `network: no external network ${network}` : 'network: the cloud has no external network');
    }
    // Not retried after a 5xx: a second POST would allocate a second address.
    const body = await this.client.json<{ floatingip: NeutronFloatingIp }>('POST', '/floatingips', {
      body: { floatingip: { floating_network_id: net.id, ...(tag ? { description: tag } : {}) } },
    });
    return this.#toFloatingIp(body.floatingip, new Map([[net.id, net.name]]), null);
  }

  /**
   * To the server's first port that the address can be routed to: Neutron refuses a
   * port whose subnet has no router to the address's network, so the next port is tried.
   */
  async associateFloatingIp(floatingIpId: string, serverId: string): Promise<void> {
    const ports = await this.client.json<{ ports: NeutronPort[] }>('GET', '/ports', { query: { device_id: serverId } });
    const candidates = ports.ports.filter((p) => p.fixed_ips.length > 0);
    if (candidates.length === 0) throw new DriverError('conflict', `network: server ${serverId} has no port with a fixed IP to associate with`);
    let last: unknown;
    for (const port of candidates) {
      try {
        await this.client.call('PUT', `/floatingips/${encodeURIComponent(floatingIpId)}`, { body: { floatingip: { port_id: port.id } } });
        return;
      } catch (e) {
        last = e;
        // 404 of the floating IP itself ends the search; an unroutable port does not.
        if (!(isDriverError(e) && /ExternalGatewayForFloatingIPNotFound|not reachable/i.test(e.message))) throw e;
      }
    }
    throw last;
  }

  async disassociateFloatingIp(floatingIpId: string): Promise<void> {
    await this.client.call('PUT', `/floatingips/${encodeURIComponent(floatingIpId)}`, { body: { floatingip: { port_id: null } } });
  }

  async releaseFloatingIp(floatingIpId: string): Promise<void> {
    await this.client.call('DELETE', `/floatingips/${encodeURIComponent(floatingIpId)}`, { accept: [404] });
  }

  async #networkNames(): Promise<Map<string, string>> {
    return new Map((await this.listNetworks()).map((n) => [n.id, n.name]));
  }

  #toFloatingIp(f: NeutronFloatingIp, names: Map<string, string>, serverId: string | null): FloatingIp {
    return {
      id: f.id,
      ip: f.floating_ip_address,
      serverId,
      network: names.get(f.floating_network_id) || f.floating_network_id,
      tag: f.description || null,
    };
  }
}
