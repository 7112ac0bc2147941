import type { Secret } from './secret.js';

/** Keystone v3 scope of a password token. Application credentials carry their own. */
export type OpenStackScope =
  | { kind: 'project'; projectId?: string; projectName?: string; projectDomainId?: string; projectDomainName?: string }
  | { kind: 'domain'; domainId?: string; domainName?: string }
  | { kind: 'system' }
  | { kind: 'unscoped' };

export interface PasswordAuth {
  type: 'password';
  authUrl: string;
  userId?: string;
  username?: string;
  userDomainId?: string;
  userDomainName?: string;
  password: Secret;
  scope: OpenStackScope;
}

export interface ApplicationCredentialAuth {
  type: 'application-credential';
  authUrl: string;
  /** Either the id, or the name plus the owning user (id, or name and domain). */
  id?: string;
  name?: string;
  userId?: string;
  username?: string;
  userDomainId?: string;
  userDomainName?: string;
  secret: Secret;
}

export type OpenStackAuth = PasswordAuth | ApplicationCredentialAuth;

export type EndpointInterface = 'public' | 'internal' | 'admin';

/**
 * One cloud of a clouds.yaml, resolved the way openstacksdk resolves it (secure.yaml
 * merged, legacy key spellings folded, region chosen). Produced by loadCloudConfig;
 * consumed by OpenStackDriver. Secrets are Secret objects so the config can be logged.
 */
export interface OpenStackCloudConfig {
  /** The cloud's key in clouds.yaml. */
  name: string;
  /** The clouds.yaml (and secure.yaml) the values came from; null when built in code. */
  sourceFile: string | null;
  secureFile: string | null;
  auth: OpenStackAuth;
  /** null: take the first endpoint of each service, whatever its region. */
  regionName: string | null;
  /** Default endpoint interface (openstacksdk default: public). */
  interface: EndpointInterface;
  /** Per service type (`compute`, `image`, `network`, `placement`, `identity`, `volume`...). */
  serviceInterfaces: Record<string, EndpointInterface>;
  /** `<service_type>_endpoint_override`, keyed by service type with `-` turned to `_`. */
  endpointOverrides: Record<string, string>;
  /** `<service_type>_api_version` as written (e.g. compute: "2.60" caps the microversion). */
  apiVersions: Record<string, string>;
  /** false when `verify: false` or `insecure: true`. */
  verify: boolean;
  /** PEM file of CA certificates to trust (`cacert`). */
  cacert: string | null;
  /** Client certificate and key files (`cert`, `key`). */
  cert: string | null;
  key: string | null;
  /** Only "3" is supported. */
  identityApiVersion: string;
  /** `api_timeout` in ms, when set. */
  apiTimeoutMs: number | null;
}
