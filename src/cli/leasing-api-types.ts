/**
 * The shapes of the API's leasing JSON the CLI reads (mirrors of /openapi.json; the CLI
 * does not import src/api). Only the fields the CLI shows are listed.
 */
export interface AddressJson {
  network: string;
  ip: string;
  type: 'fixed' | 'floating';
}

export interface LeaseJson {
  id: string;
  state: string;
  user: string;
  project: string;
  profile: string;
  cloud: string;
  purpose: string;
  importance: number;
  fromPool: boolean;
  createdAt: string;
  activeAt: string | null;
  /** When its VM was last replaced (absent from servers that predate `drover replace`). */
  replacedAt?: string | null;
  expiresAt: string;
  graceEndsAt: string | null;
  endedAt: string | null;
  renewals: number;
  instance: { id: string; state: string; addresses: AddressJson[]; password: string | null; host: string | null } | null;
}

export interface PoolJson {
  profile: string;
  cloud: string;
  policy: string | null;
  ready: number;
  provisioning: number;
  leased: number;
  stopped: number;
  recovering: number;
  failed: number;
  waiting: number;
  m: number;
  n: number;
  target: number | null;
  reason: string | null;
  decidedAt: string | null;
  vm: { vcpus: number; ramMb: number } | null;
  recent: { windowSeconds: number; requests: number; hits: number; hitRate: number | null };
}

export interface InstanceJson {
  id: string;
  cloud: string;
  profile: string;
  state: string;
  step: string | null;
  host: string | null;
  addresses: AddressJson[];
  vcpus: number;
  ramMb: number;
  leaseId: string | null;
  lastError: string | null;
  createdAt: string;
}

export interface EventJson {
  id: number;
  at: string;
  level: string;
  kind: string;
  subject: string;
  reason: string;
  message: string;
}

export interface UserJson {
  id: string;
  name: string;
  role: string;
  project: string;
  email: string | null;
  createdAt: string;
}

export interface LimitsJson {
  instances: number | null;
  vcpus: number | null;
  ramMb: number | null;
}

export interface QuotaJson {
  scope: 'user' | 'project';
  name: string;
  limits: LimitsJson;
  usage: { instances: number; vcpus: number; ramMb: number };
}

/** A profile as the API shows it; the CLI reads a few fields and passes the rest through. */
export interface ProfileJson {
  name: string;
  purpose: string;
  clouds: string[];
  image: string;
  flavor: string;
  [field: string]: unknown;
}
