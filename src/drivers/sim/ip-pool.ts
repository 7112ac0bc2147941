import { DriverError } from '../../core/errors.js';

/**
 * IPv4 addresses of one subnet, handed out lowest-free-first from `firstOffset`
 * (leaving room for the gateway and DHCP agents as Neutron's defaults do), so that
 * allocation is deterministic and released addresses are reused.
 */
export class IpPool {
  readonly #base: number;
  readonly #size: number;
  readonly #first: number;
  readonly #used = new Set<number>();
  #hint: number;

  constructor(
    readonly cidr: string,
    firstOffset = 10,
  ) {
    const [addr, bitsText] = cidr.split('/');
    const bits = Number(bitsText);
    if (addr === undefined || !Number.isInteger(bits) || bits < 8 || bits > 30) {
      throw new RangeError(`bad IPv4 CIDR ${cidr} (prefix must be /8../30)`);
    }
    this.#size = 2 ** (32 - bits);
    this.#base = (ipToInt(addr) & ~(this.#size - 1)) >>> 0;
    this.#first = Math.min(firstOffset, this.#size - 2);
    this.#hint = this.#first;
  }

  allocate(network: string): string {
    const last = this.#size - 2; // the top address is broadcast
    for (let n = 0, off = this.#hint; n <= last - this.#first; n++, off = off >= last ? this.#first : off + 1) {
      if (!this.#used.has(off)) {
        this.#used.add(off);
        this.#hint = off >= last ? this.#first : off + 1;
        return intToIp(this.#base + off);
      }
    }
    // Neutron's IpAddressGenerationFailure: a resource limit, not a bad request.
    throw new DriverError('quota', `No more IP addresses available on network ${network}.`, { status: 409 });
  }

  release(ip: string): void {
    const off = ipToInt(ip) - this.#base;
    if (this.#used.delete(off) && off < this.#hint) this.#hint = off;
  }
}

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new RangeError(`bad IPv4 address ${ip}`);
  }
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
