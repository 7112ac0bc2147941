import { InputError } from '../../core/errors.js';
import { heavyTailDurations } from './durations.js';
import { bursts, officeHours, steadyPoisson } from './generators.js';
import type { Trace } from './trace.js';

/**
 * The benchmark's named traces. Rates are sized for one pool whose refill takes
 * minutes: steady demand of a few per refill time, office peaks several times that,
 * and bursts far above any per-minute threshold.
 *
 * - steady:     Poisson, 12 requests/hour, leases around 4 h.
 * - office:     weekdays peaking at 20/hour at 09:00, Monday 09:00 at 2.5x that,
 *               0.5/hour at night and at weekends.
 * - bursty:     3/hour background plus 4 bursts a day of 20-50 requests within 60 s.
 * - heavy-tail: the steady trace's arrivals (same seed, same times) with lease
 *               durations from hours to weeks (heavyTailDurations()), so many leases
 *               are held at once and the pool's total bound m is what gets tested.
 */
export const BUILTIN_TRACE_NAMES = ['steady', 'office', 'bursty', 'heavy-tail'] as const;
export type BuiltinTraceName = (typeof BUILTIN_TRACE_NAMES)[number];

export function builtinTrace(name: string, seed: number | string, days: number): Trace {
  switch (name) {
    case 'steady':
      return steadyPoisson({ name, seed, days, ratePerHour: 12 });
    case 'office':
      return officeHours({ name, seed, days, weekdayPeakPerHour: 20, mondayPeakFactor: 2.5, nightPerHour: 0.5 });
    case 'bursty':
      return bursts({ name, seed, days, backgroundPerHour: 3, burstsPerDay: 4, burstSize: [20, 50], burstSpreadS: 60 });
    case 'heavy-tail':
      return steadyPoisson({ name, seed, days, ratePerHour: 12, durations: heavyTailDurations() });
    default:
      throw new InputError(`unknown trace "${name}" (built-in: ${BUILTIN_TRACE_NAMES.join(', ')})`, 'trace');
  }
}

/** All built-in traces, in BUILTIN_TRACE_NAMES order. */
export function builtinTraces(seed: number | string, days: number): Trace[] {
  return BUILTIN_TRACE_NAMES.map((name) => builtinTrace(name, seed, days));
}
