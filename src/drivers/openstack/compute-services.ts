import { DriverError } from '../../core/errors.js';
import type { ComputeApi } from './compute.js';
import { atLeast } from './microversion.js';
import { nextMarker, type NovaHypervisor, type NovaLink, type NovaService } from './nova-types.js';

const BINARY = 'nova-compute';

/**
 * Nova's admin view of hosts: compute services (state, enable/disable, force-down) and
 * hypervisors. 2.53 changed both to UUID ids and one PUT /os-services/{id}; before it
 * the actions are PUT /os-services/{enable,disable,disable-log-reason,force-down}.
 */
export class ComputeServicesApi {
  constructor(private readonly compute: ComputeApi) {}

  async listServices(host?: string): Promise<NovaService[]> {
    await this.compute.version();
    const body = await this.compute.client.json<{ services: NovaService[] }>('GET', '/os-services', {
      query: { binary: BINARY, host },
    });
    return body.services;
  }

  async #service(host: string): Promise<NovaService> {
    const svc = (await this.listServices(host)).find((s) => s.host === host && s.binary === BINARY);
    if (!svc) throw new DriverError('not-found', `compute: no nova-compute service on host ${host}`);
    return svc;
  }

  /** Force-down needs 2.11. Repeating it is harmless; Nova answers 200 each time. */
  async setForcedDown(host: string, down: boolean): Promise<void> {
    const v = await this.compute.require('2.11', 'forcing a compute service down');
    if (atLeast(v, '2.53')) {
      const svc = await this.#service(host);
      await this.compute.client.call('PUT', `/os-services/${svc.id}`, { body: { forced_down: down } });
    } else {
      await this.compute.client.call('PUT', '/os-services/force-down', { body: { host, binary: BINARY, forced_down: down } });
    }
  }

  async setEnabled(host: string, enabled: boolean, reason?: string): Promise<void> {
    const v = await this.compute.version();
    if (atLeast(v, '2.53')) {
      const svc = await this.#service(host);
      const body = enabled ? { status: 'enabled' } : { status: 'disabled', ...(reason ? { disabled_reason: reason } : {}) };
      await this.compute.client.call('PUT', `/os-services/${svc.id}`, { body });
    } else if (enabled) {
      await this.compute.client.call('PUT', '/os-services/enable', { body: { host, binary: BINARY } });
    } else if (reason) {
      await this.compute.client.call('PUT', '/os-services/disable-log-reason', { body: { host, binary: BINARY, disabled_reason: reason } });
    } else {
      await this.compute.client.call('PUT', '/os-services/disable', { body: { host, binary: BINARY } });
    }
  }

  /** Every hypervisor, with its servers from 2.53 (`with_servers`), paged from 2.33. */
  async listHypervisors(): Promise<NovaHypervisor[]> {
    const v = await this.compute.version();
    const out: NovaHypervisor[] = [];
    let marker: string | null = null;
    do {
      const query = atLeast(v, '2.53') ? { with_servers: true, limit: 1000, marker } : atLeast(v, '2.33') ? { limit: 1000, marker } : {};
      const body: { hypervisors: NovaHypervisor[]; hypervisors_links?: NovaLink[] } = await this.compute.client.json(
        'GET',
        '/os-hypervisors/detail',
        { query },
      );
      out.push(...body.hypervisors);
      marker = atLeast(v, '2.33') && body.hypervisors.length > 0 ? nextMarker(body.hypervisors_links) : null;
    } while (marker);
    return out;
  }
}
