import { InputError } from '../../core/errors.js';
import { Prng } from '../../drivers/sim/prng.js';
import { DEFAULT_DURATIONS, sampleDuration, validateDurations, weightedPick, type DurationSpec } from './durations.js';
import { officeMaxRatePerHour, officeRatePerHour, type OfficeRateOptions } from './office-hours-rate.js';
import { makeTrace, type Trace, type TraceRequest } from './trace.js';

/**
 * Seeded, deterministic request traces. Each generator draws arrivals, profiles and
 * durations from separate streams forked from the seed, so changing `durations` or
 * `profiles` leaves the arrival times unchanged: two traces that differ only in
 * lease length have the same demand. Times are rounded to milliseconds.
 */
export interface GeneratorOptions {
  seed: number | string;
  /** Length of the trace; it starts on a Monday at 00:00. */
  days: number;
  /** Profile names, equally likely, or weighted (default ['dev']). */
  profiles?: readonly string[] | readonly { name: string; weight: number }[];
  /** Lease durations (default DEFAULT_DURATIONS); see heavyTailDurations(). */
  durations?: DurationSpec;
  /** Trace name (default: the generator's). */
  name?: string;
}

export const DEFAULT_PROFILE = 'dev';
const DAY_S = 86_400;

/** Homogeneous Poisson arrivals at ratePerHour. */
export function steadyPoisson(options: GeneratorOptions & { ratePerHour: number }): Trace {
  nonNegative('ratePerHour', options.ratePerHour);
  const prng = streams(options);
  const times = poissonTimes(prng.arrivals, options.ratePerHour / 3600, horizon(options));
  return assemble(options.name ?? 'steady', options, prng, times.map((t) => ({ t })));
}

/** An office week (see office-hours-rate.ts), by thinning a Poisson stream at the peak rate. */
export function officeHours(options: GeneratorOptions & OfficeRateOptions): Trace {
  nonNegative('weekdayPeakPerHour', options.weekdayPeakPerHour);
  if (options.mondayPeakFactor !== undefined) nonNegative('mondayPeakFactor', options.mondayPeakFactor);
  if (options.nightPerHour !== undefined) nonNegative('nightPerHour', options.nightPerHour);
  const prng = streams(options);
  const max = officeMaxRatePerHour(options);
  const accept = prng.arrivals.fork('thinning');
  const times = poissonTimes(prng.arrivals, max / 3600, horizon(options)).filter(
    (t) => accept.float() * max < officeRatePerHour(t, options),
  );
  return assemble(options.name ?? 'office', options, prng, times.map((t) => ({ t })));
}

export interface BurstOptions {
  /** Poisson background traffic between bursts. */
  backgroundPerHour: number;
  /** Bursts per day, each at a uniformly random time of that day. */
  burstsPerDay: number;
  /** Requests per burst, or [min, max] drawn uniformly per burst. */
  burstSize: number | readonly [number, number];
  /** A burst's requests arrive uniformly within this many seconds (default 60). */
  burstSpreadS?: number;
}

/** Background traffic plus sudden bursts (a release test wants 40 VMs now); each burst asks for one profile. */
export function bursts(options: GeneratorOptions & BurstOptions): Trace {
  nonNegative('backgroundPerHour', options.backgroundPerHour);
  if (!Number.isInteger(options.burstsPerDay) || options.burstsPerDay < 0) {
    throw new InputError(`burstsPerDay: expected an integer >= 0, got ${options.burstsPerDay}`, 'burstsPerDay');
  }
  const [minSize, maxSize] = typeof options.burstSize === 'number' ? [options.burstSize, options.burstSize] : options.burstSize;
  if (!Number.isInteger(minSize) || !Number.isInteger(maxSize) || minSize < 1 || maxSize < minSize) {
    throw new InputError(`burstSize: expected an integer >= 1 or [min, max], got ${JSON.stringify(options.burstSize)}`, 'burstSize');
  }
  const spread = options.burstSpreadS ?? 60;
  if (!(spread > 0 && spread <= DAY_S)) throw new InputError(`burstSpreadS: expected (0, 86400], got ${spread}`, 'burstSpreadS');
  const prng = streams(options);
  const end = horizon(options);
  const arrivals: Arrival[] = poissonTimes(prng.arrivals, options.backgroundPerHour / 3600, end).map((t) => ({ t }));
  const burstPrng = prng.arrivals.fork('bursts');
  for (let day = 0; day < Math.ceil(options.days); day++) {
    const dayEnd = Math.min(end, (day + 1) * DAY_S);
    for (let b = 0; b < options.burstsPerDay; b++) {
      const start = day * DAY_S + burstPrng.float() * Math.max(0, dayEnd - day * DAY_S - spread);
      const size = minSize + Math.floor(burstPrng.float() * (maxSize - minSize + 1));
      const profile = pickProfile(options, prng.profiles);
      for (let i = 0; i < size; i++) arrivals.push({ t: Math.min(end, start + burstPrng.float() * spread), profile });
    }
  }
  return assemble(options.name ?? 'bursty', options, prng, arrivals);
}

interface Arrival {
  t: number;
  profile?: string;
}
interface Streams {
  arrivals: Prng;
  profiles: Prng;
  durations: Prng;
}

function streams(options: GeneratorOptions): Streams {
  if (!(Number.isFinite(options.days) && options.days > 0)) {
    throw new InputError(`days: expected a number > 0, got ${options.days}`, 'days');
  }
  if (options.durations !== undefined) validateDurations(options.durations);
  if (options.profiles !== undefined) validateProfiles(options.profiles);
  const root = new Prng(options.seed);
  return { arrivals: root.fork('arrivals'), profiles: root.fork('profiles'), durations: root.fork('durations') };
}

function horizon(options: GeneratorOptions): number {
  return options.days * DAY_S;
}

/** Arrival times in [0, end) of a Poisson process with `ratePerS`, by exponential gaps. */
function poissonTimes(prng: Prng, ratePerS: number, end: number): number[] {
  const times: number[] = [];
  if (ratePerS <= 0) return times;
  for (let t = -Math.log(1 - prng.float()) / ratePerS; t < end; t += -Math.log(1 - prng.float()) / ratePerS) {
    times.push(t);
  }
  return times;
}

function pickProfile(options: GeneratorOptions, prng: Prng): string {
  const list = options.profiles ?? [DEFAULT_PROFILE];
  const weighted = list.map((p) => (typeof p === 'string' ? { name: p, weight: 1 } : p));
  return weightedPick(weighted, prng).name;
}

function assemble(name: string, options: GeneratorOptions, prng: Streams, arrivals: Arrival[]): Trace {
  const durations = options.durations ?? DEFAULT_DURATIONS;
  const sorted = [...arrivals].sort((a, b) => a.t - b.t);
  const requests: TraceRequest[] = sorted.map((a) => ({
    t: Math.round(a.t * 1000) / 1000,
    profile: a.profile ?? pickProfile(options, prng.profiles),
    durationS: sampleDuration(durations, prng.durations),
  }));
  return makeTrace(name, requests, horizon(options));
}

function validateProfiles(profiles: NonNullable<GeneratorOptions['profiles']>): void {
  if (profiles.length === 0) throw new InputError('profiles: expected at least one profile', 'profiles');
  profiles.forEach((p, i) => {
    const { name, weight } = typeof p === 'string' ? { name: p, weight: 1 } : p;
    if (typeof name !== 'string' || name.trim() === '' || !(Number.isFinite(weight) && weight > 0)) {
      throw new InputError(`profiles[${i}]: expected a name and a weight > 0, got ${JSON.stringify(p)}`, `profiles[${i}]`);
    }
  });
}

function nonNegative(field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) throw new InputError(`${field}: expected a number >= 0, got ${value}`, field);
}
