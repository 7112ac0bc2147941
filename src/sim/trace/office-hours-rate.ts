/**
 * The request rate of an office week, as a function of time since Monday 00:00:
 * nights and weekends at the night rate; weekdays follow a workday curve that peaks
 * at 09:00 (people start work and ask for VMs), dips at lunch and has a second,
 * lower afternoon peak. Monday morning is busier still: the 09:00 hour runs at
 * peak x mondayPeakFactor, 08:00 and 10:00 halfway there (a week's backlog).
 * Piecewise constant per hour, so a plot or a test can state exact expectations.
 */
export interface OfficeRateOptions {
  /** Requests per hour at a weekday's 09:00 peak (Tuesday to Friday). */
  weekdayPeakPerHour: number;
  /** Monday 09:00 runs this many times the weekday peak (default 2). */
  mondayPeakFactor?: number;
  /** Requests per hour at night and all weekend (default 5% of the peak). */
  nightPerHour?: number;
}

/** Share of (peak - night) above the night rate, hour by hour of a weekday. */
const WORKDAY_CURVE = [
  0, 0, 0, 0, 0, 0, 0, 0.2, 0.6, 1, 0.9, 0.8, 0.5, 0.8, 0.9, 0.8, 0.6, 0.3, 0.1, 0, 0, 0, 0, 0,
] as const;

export const DEFAULT_MONDAY_PEAK_FACTOR = 2;

export function officeRatePerHour(tS: number, options: OfficeRateOptions): number {
  const { peak, night, mondayFactor } = resolve(options);
  const day = Math.floor(tS / 86_400) % 7; // 0 = Monday
  const hour = Math.floor((tS % 86_400) / 3600);
  if (day >= 5) return night;
  const boost = day !== 0 ? 1 : hour === 9 ? mondayFactor : hour === 8 || hour === 10 ? (1 + mondayFactor) / 2 : 1;
  return night + Math.max(0, peak * boost - night) * WORKDAY_CURVE[hour]!;
}

/** The highest rate of the week: the envelope for thinning. */
export function officeMaxRatePerHour(options: OfficeRateOptions): number {
  const { peak, night, mondayFactor } = resolve(options);
  return Math.max(night, peak, peak * mondayFactor);
}

function resolve(options: OfficeRateOptions): { peak: number; night: number; mondayFactor: number } {
  const peak = options.weekdayPeakPerHour;
  return {
    peak,
    night: options.nightPerHour ?? peak * 0.05,
    mondayFactor: options.mondayPeakFactor ?? DEFAULT_MONDAY_PEAK_FACTOR,
  };
}
