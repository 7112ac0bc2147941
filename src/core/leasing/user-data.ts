import { InputError } from '../errors.js';

/**
 * The variables Drover fills into a profile's user-data template (its initial
 * deployment). The instance controller passes all of them to `renderUserData`; a
 * profile may use only these (checked when the profile is saved, by
 * `checkUserDataTemplate`, so a typo fails at `profiles apply`, not at boot time).
 * No secret is offered: user-data is readable by anyone with the server's metadata.
 */
export const USER_DATA_VARIABLES = ['instance', 'profile', 'cloud', 'hostname'] as const;
export type UserDataVariable = (typeof USER_DATA_VARIABLES)[number];
export type UserDataVars = Record<UserDataVariable, string>;

/**
 * `{{name}}` or `{{ name }}` with a bare identifier. Dotted names such as cloud-init's
 * own Jinja variables (`{{ v1.local_hostname }}`, `{{ ds.meta_data.x }}`) do not match
 * and pass through untouched.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Names used by the template, in order of first use. */
export function userDataPlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** InputError (field `field`) naming the first variable not in `known`. */
export function checkUserDataTemplate(template: string, known: readonly string[] = USER_DATA_VARIABLES, field = 'userData'): void {
  const unknown = userDataPlaceholders(template).find((name) => !known.includes(name));
  if (unknown !== undefined) {
    throw new InputError(`${field} uses unknown variable {{${unknown}}} (variables: ${known.join(', ')})`, field);
  }
}

/**
 * Fills `{{name}}` from `vars`. A variable the template uses but `vars` lacks is an
 * InputError naming it (field 'userData'): booting with a literal `{{name}}` in a
 * config file would fail much later and far less clearly.
 */
export function renderUserData(template: string, vars: Readonly<Record<string, string>>): string {
  checkUserDataTemplate(template, Object.keys(vars));
  return template.replace(PLACEHOLDER, (_all, name: string) => vars[name]!);
}

/** Nova refuses user-data above 65 535 bytes once base64-encoded (3 bytes -> 4 characters). */
export const MAX_USER_DATA_BYTES = Math.floor(65_535 / 4) * 3;

export function userDataBytes(text: string): number {
  return new TextEncoder().encode(text).length;
}
