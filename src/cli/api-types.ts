/**
 * The shapes of the API's JSON that the CLI reads to draw tables. The CLI talks HTTP and
 * does not import src/api: these mirror the OpenAPI document (/openapi.json), the contract.
 */
export interface CloudJson {
  name: string;
  kind: string;
  description: string;
  syncedAt: string | null;
  lastError: string | null;
  hosts: number;
}

interface ResourcesJson {
  vcpus: number;
  ramMb: number;
  diskGb: number;
}

export interface HostJson {
  id: string;
  cloud: string;
  name: string;
  availabilityZone: string;
  capacity: ResourcesJson;
  overcommit: { cpu: number; ram: number; disk: number };
  used: ResourcesJson;
  servers: number;
  service: {
    state: 'up' | 'down';
    enabled: boolean;
    disabledReason: string | null;
    forcedDown: boolean;
    heartbeatAgeS: number | null;
  };
  power: string;
  networks: Record<string, boolean | null>;
  load: { cpu: number | null; ram: number | null };
  updatedAt: string;
}
