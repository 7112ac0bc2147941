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

export const SmtpNotifications = Type.Object(
  {
    host: Type.String({ minLength: 1, description: 'SMTP server' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, description: '25, 465 (TLS) or 587 (STARTTLS)' }),
    secure: Type.Optional(Type.Boolean({ description: 'TLS from the start (port 465); otherwise STARTTLS when offered', default: false })),
    user: Type.Optional(Type.String({ minLength: 1, description: 'SMTP login, if the server needs one' })),
    password: Type.Optional(Type.String({ minLength: 1, description: 'SMTP password; never logged' })),
    from: Type.String({ minLength: 3, description: 'Sender address, e.g. "Drover <drover@example.com>"' }),
  },
  { additionalProperties: false },
);

export const WebhookNotifications = Type.Object(
  {
    url: Type.String({ pattern: '^https?://', description: 'Where lease notifications are POSTed as JSON' }),
    secret: Type.Optional(Type.String({ minLength: 1, description: 'Signs each body (HMAC-SHA256); never logged' })),
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
    // Each entry is checked by core's parseProfile (see load-config.ts), which knows every
    // field, its default and its limits; errors name `profiles[i].field`.
    profiles: Type.Optional(
      Type.Array(Type.Object({ name: Type.String() }), {
        description: 'The catalogue (profiles as `drover profiles apply` takes them); written to the store at start',
      }),
    ),
    notifications: Type.Optional(
      Type.Object(
        { smtp: Type.Optional(SmtpNotifications), webhook: Type.Optional(WebhookNotifications) },
        { additionalProperties: false, description: 'Where lease notifications go besides the event log' },
      ),
    ),
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
export type SmtpConfig = Static<typeof SmtpNotifications>;
export type WebhookConfig = Static<typeof WebhookNotifications>;
export type NotificationsConfig = NonNullable<DroverConfig['notifications']>;
export type SimCloudConfig = Static<typeof SimCloud>;
export type OpenStackCloudEntry = Static<typeof OpenStackCloud>;
export type CloudConfig = SimCloudConfig | OpenStackCloudEntry;
export const CLOUD_SCHEMAS = { sim: SimCloud, openstack: OpenStackCloud } as const;
