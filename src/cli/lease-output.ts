import type { AddressJson, LeaseJson } from './leasing-api-types.js';
import { renderDetails, renderTable, type Cell } from './output.js';

/** The address a user connects to: a floating one if there is one, else the first. */
export function mainAddress(addresses: AddressJson[]): string | null {
  return (addresses.find((a) => a.type === 'floating') ?? addresses[0])?.ip ?? null;
}

/** "in 6d23h", "in 5m", "3h ago": how far a time is from now, to the largest two units. */
export function relativeTime(iso: string, now: number): string {
  const ms = Date.parse(iso) - now;
  const s = Math.round(Math.abs(ms) / 1000);
  const units: Array<[string, number]> = [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]];
  let text = '';
  let rest = s;
  let used = 0;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 && used < 2) {
      text += `${n}${unit}`;
      rest -= n * size;
      used++;
    } else if (used > 0) {
      break;
    }
  }
  if (text === '') return 'now';
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

export function leasesTable(leases: LeaseJson[], now: number, withUser: boolean): string {
  if (leases.length === 0) return 'no leases';
  const head = ['ID', 'STATE', 'PROFILE', 'CLOUD', 'ADDRESS', 'EXPIRES', ...(withUser ? ['USER'] : []), 'PURPOSE'];
  const rows: Cell[][] = leases.map((l) => [
    l.id,
    l.state,
    l.profile,
    l.cloud,
    mainAddress(l.instance?.addresses ?? []) ?? '-',
    live(l) ? relativeTime(l.expiresAt, now) : '-',
    ...(withUser ? [l.user] : []),
    l.purpose || '-',
  ]);
  return renderTable(head, rows);
}

function live(l: LeaseJson): boolean {
  return l.state === 'provisioning' || l.state === 'active' || l.state === 'grace';
}

/** One lease in detail, credentials included when the API sent them. */
export function leaseDetails(l: LeaseJson, now: number): string {
  const pairs: Array<[string, Cell]> = [
    ['lease', l.id],
    ['state', l.state],
    ['profile', `${l.profile} on ${l.cloud}`],
    ['user', `${l.user} (project ${l.project})`],
    ['purpose', l.purpose || '-'],
    ['importance', l.importance],
    ['from pool', l.fromPool ? 'yes' : 'no (booted for this request)'],
    ['created', `${l.createdAt} (${relativeTime(l.createdAt, now)})`],
    ...(l.replacedAt ? [['replaced', `${l.replacedAt} (${relativeTime(l.replacedAt, now)})`] as [string, Cell]] : []),
    ['expires', `${l.expiresAt} (${relativeTime(l.expiresAt, now)})`],
  ];
  if (l.graceEndsAt) pairs.push(['grace ends', `${l.graceEndsAt} (${relativeTime(l.graceEndsAt, now)})`]);
  if (l.endedAt) pairs.push(['ended', `${l.endedAt} (${relativeTime(l.endedAt, now)})`]);
  pairs.push(['renewals', l.renewals]);
  pairs.push(...credentialPairs(l));
  return renderDetails(pairs);
}

/** Instance, addresses and password: what the holder needs to log in. */
export function credentialPairs(l: LeaseJson): Array<[string, Cell]> {
  const i = l.instance;
  if (!i) return [['instance', 'none yet']];
  const pairs: Array<[string, Cell]> = [['instance', `${i.id} (${i.state}${i.host ? ` on ${i.host}` : ''})`]];
  if (i.addresses.length === 0) pairs.push(['address', 'none yet']);
  for (const a of i.addresses) pairs.push(['address', `${a.ip} (${a.network}, ${a.type})`]);
  if (i.password !== null) pairs.push(['password', i.password]);
  return pairs;
}
