import { Type, type Static } from 'typebox';
import type { HostRecord } from '../store/store.js';
import { isoTime, Time } from './time.js';

const Resources = Type.Object({
  vcpus: Type.Integer(),
  ramMb: Type.Integer(),
  diskGb: Type.Integer(),
});
const MaybeBool = Type.Union([Type.Boolean(), Type.Null()]);
const MaybeNumber = Type.Union([Type.Number(), Type.Null()]);

export const HostSchema = Type.Object({
  id: Type.String({ description: '`cloud/name`; URL-encode the slash when used as one path segment' }),
  cloud: Type.String(),
  name: Type.String({ description: 'Hypervisor host name, unique within its cloud' }),
  availabilityZone: Type.String(),
  capacity: Resources,
  overcommit: Type.Object({ cpu: Type.Number(), ram: Type.Number(), disk: Type.Number() }, {
    description: 'Allocation ratios: usable = capacity x ratio',
  }),
  used: Resources,
  servers: Type.Integer(),
  service: Type.Object({
    state: Type.Union([Type.Literal('up'), Type.Literal('down')]),
    enabled: Type.Boolean(),
    disabledReason: Type.Union([Type.String(), Type.Null()]),
    forcedDown: Type.Boolean(),
    heartbeatAgeS: MaybeNumber,
  }),
  power: Type.Union([Type.Literal('on'), Type.Literal('off'), Type.Literal('unknown')]),
  networks: Type.Object(
    { management: MaybeBool, storage: MaybeBool, tenant: MaybeBool },
    { description: 'Reachability of each network; null when not probed' },
  ),
  load: Type.Object({ cpu: MaybeNumber, ram: MaybeNumber }, { description: 'Measured utilisation 0..1; null when unknown' }),
  updatedAt: Time('When Drover last saw this host change'),
});
export type HostView = Static<typeof HostSchema>;

/** Listed field by field so that a store-internal field never leaks into the API. */
export function toHostView(h: HostRecord): HostView {
  return {
    id: h.id,
    cloud: h.cloud,
    name: h.name,
    availabilityZone: h.availabilityZone,
    capacity: { ...h.capacity },
    overcommit: { ...h.overcommit },
    used: { ...h.used },
    servers: h.servers,
    service: { ...h.service },
    power: h.power,
    networks: { ...h.networks },
    load: { ...h.load },
    updatedAt: isoTime(h.updatedAt),
  };
}
