import { Type, type Static } from 'typebox';
import type { InstanceState } from '../core/leasing/types.js';
import type { InstanceRecord } from '../store/store.js';
import { AddressSchema } from './address-view.js';
import { isoTime, NullableTime, Time } from './time.js';

const INSTANCE_STATES = ['pending', 'booting', 'configuring', 'ready', 'leased', 'stopped', 'recovering', 'failed', 'deleting', 'deleted'] as const;
const Nullable = (description: string) => Type.Union([Type.String(), Type.Null()], { description });

export const InstanceStateSchema = Type.Union(
  [
    Type.Literal('pending'),
    Type.Literal('booting'),
    Type.Literal('configuring'),
    Type.Literal('ready'),
    Type.Literal('leased'),
    Type.Literal('stopped'),
    Type.Literal('recovering'),
    Type.Literal('failed'),
    Type.Literal('deleting'),
    Type.Literal('deleted'),
  ],
  { description: 'pending -> booting -> configuring -> ready (pooled) -> leased -> (stopped) -> deleting -> deleted; failed, recovering' },
);

export const InstanceSchema = Type.Object({
  id: Type.String({ description: "Drover's id; the server carries it as metadata drover:instance" }),
  cloud: Type.String(),
  profile: Type.String(),
  state: InstanceStateSchema,
  step: Nullable('Provisioning or recovery sub-step, e.g. floating-ip'),
  serverId: Nullable("The cloud's server id once the boot was accepted"),
  host: Nullable('Hypervisor, when known'),
  addresses: Type.Array(AddressSchema),
  vcpus: Type.Integer(),
  ramMb: Type.Integer(),
  imageId: Nullable('Image the server was built from'),
  flavorId: Nullable('Flavor the server was built from'),
  leaseId: Nullable('The lease holding it'),
  attempts: Type.Integer({ description: 'Recovery attempts since it was last healthy' }),
  lastError: Nullable('Last provisioning or recovery error'),
  createdAt: Time('When its row (the intent) was written'),
  readyAt: NullableTime('When it became ready'),
  updatedAt: Time('Last change'),
});
export type InstanceView = Static<typeof InstanceSchema>;

/** Never the password: it reaches the holder through their lease only. */
export function toInstanceView(i: InstanceRecord): InstanceView {
  return {
    id: i.id,
    cloud: i.cloud,
    profile: i.profile,
    state: i.state,
    step: i.step,
    serverId: i.serverId,
    host: i.host,
    addresses: i.addresses.map((a) => ({ ...a })),
    vcpus: i.vcpus,
    ramMb: i.ramMb,
    imageId: i.imageId,
    flavorId: i.flavorId,
    leaseId: i.leaseId,
    attempts: i.attempts,
    lastError: i.lastError,
    createdAt: isoTime(i.createdAt),
    readyAt: isoTime(i.readyAt),
    updatedAt: isoTime(i.updatedAt),
  };
}

export const INSTANCE_STATE_NAMES: readonly InstanceState[] = INSTANCE_STATES;
