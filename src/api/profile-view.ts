import { Type, type Static } from 'typebox';
import { profileToSpec, type Profile } from '../core/leasing/index.js';

const Duration = (description: string) => Type.String({ description: `${description}, e.g. 7d, 12h` });
const Strings = (description: string) => Type.Array(Type.String(), { description });

/**
 * A profile as an operator writes it (durations as text): what `GET` shows is what
 * `PUT` accepts, so `drover profiles show NAME --json` can be edited and applied back.
 */
export const ProfileSpecSchema = Type.Object({
  name: Type.String({ description: 'Lower-case letters, digits and dashes' }),
  purpose: Type.String(),
  clouds: Strings('Clouds this profile may use, in order of preference'),
  image: Type.String({ description: 'Image name or id' }),
  flavor: Type.String({ description: 'Flavor name or id' }),
  networks: Strings("Network names or ids; empty: the cloud's default"),
  securityGroups: Strings('Security group names'),
  keyName: Type.Union([Type.String(), Type.Null()], { description: 'Key pair name' }),
  userData: Type.Union([Type.String(), Type.Null()], {
    description: 'cloud-init user-data template (initial deployment). Shown to operators only: it may carry secrets',
  }),
  floatingIp: Type.Boolean(),
  passwordLength: Type.Integer({ description: 'Length of the generated initial password; 0: none' }),
  defaultLease: Duration('Lease length when a request names none'),
  maxLease: Duration('Longest lease, renewals included (counted from now)'),
  maxRenewals: Type.Integer(),
  defaultImportance: Type.Integer(),
  importantThreshold: Type.Integer({ description: 'Leases this important are stopped at expiry and kept for the grace period' }),
  grace: Duration('Grace period of an expired important lease'),
  warnBefore: Type.Array(Type.String(), { description: 'Warn the holder this long before expiry' }),
  pool: Type.Object({
    policy: Type.String({ description: 'vmms, predictive, static or none' }),
    m: Type.Integer({ description: 'At most this many instances in total' }),
    n: Type.Integer({ description: 'At most this many ready' }),
    min: Type.Integer({ description: 'At least this many ready' }),
    options: Type.Record(Type.String(), Type.Unknown(), { description: "The policy's options" }),
    maxAge: Duration('Ready instances older than this are replaced'),
  }),
});
export type ProfileSpecView = Static<typeof ProfileSpecSchema>;

export function toProfileView(p: Profile, showUserData: boolean): ProfileSpecView {
  const spec = profileToSpec(p);
  return { ...spec, userData: showUserData ? spec.userData : null };
}
