import Type, { type Static } from 'typebox';

/** drover.yaml. Every key is documented here; `drover config-schema` prints it. */

export const SimCloud = Type.Object(
  {
    name: Type.String({ minLength: 1, pattern: '^[a-z0-9][a-z0-9-]*$', description: 'Cloud name (lower case, digits, dashes)' }),
    kind: Type.Literal('sim'),
    seed: Type.Optional(Type.Integer({ description: 'PRNG seed; same seed, same cloud', default: 1 })),
    availabilityZones: Type.Optional(Type.Integer({ minimum: 1, maximum: 64, default: 3 })),
    hostsPerZone: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 8 })),
    bootSeconds: Type.Optional(Type.Number({ minimum: 0, description: 'Median time from boot request to ACTIVE', default: 5 })),
  },
  { additionalProperties: false },
);

export const OpenStackCloud = Type.Object(
  {
    name: Type.String({ minLength: 1, pattern: '^[a-z0-9][a-z0-9-]*$', description: 'Cloud name in Drover' }),
    kind: Type.Literal('openstack'),
    cloud: Type.String({ minLength: 1, description: 'Entry name in clouds.yaml' }),
    cloudsYaml: Type.Optional(Type.String({ minLength: 1, description: 'Explicit clouds.yaml path (default: openstacksdk search order)' })),
  },
  { additionalProperties: false },
);

export const ConfigSchema = Type.Object(
  {
    server: Type.Optional(
      Type.Object(
        {
          host: Type.Optional(Type.String({ minLength: 1, description: 'Listen address', default: '127.0.0.1' })),
          port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, default: 8787 })),
        },
        { additionalProperties: false },
      ),
    ),
    database: Type.Optional(
      Type.Object(
        {
          url: Type.String({ minLength: 1, description: 'sqlite:/path/file.db or postgres://user@host/db' }),
        },
        { additionalProperties: false },
      ),
    ),
    log: Type.Optional(
      Type.Object(
        { level: Type.Optional(Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)))) },
        { additionalProperties: false },
      ),
    ),
    // Each entry is checked against the schema of its `kind` (see load-config.ts),
    // so that errors speak of one kind only.
    clouds: Type.Optional(Type.Array(Type.Object({ kind: Type.String() }), { description: 'Clouds to manage; none means one simulated cloud named sim' })),
    controllers: Type.Optional(
      Type.Object(
        {
          hostSyncSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, default: 10, description: 'Host sync period' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type DroverConfig = Omit<Static<typeof ConfigSchema>, 'clouds'> & { clouds?: CloudConfig[] };
export type SimCloudConfig = Static<typeof SimCloud>;
export type OpenStackCloudEntry = Static<typeof OpenStackCloud>;
export type CloudConfig = SimCloudConfig | OpenStackCloudEntry;
export const CLOUD_SCHEMAS = { sim: SimCloud, openstack: OpenStackCloud } as const;
