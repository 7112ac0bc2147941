/**
 * vmms against the other policies' curves at vmms's own cost: for each vmms point,
 * the hit rate predictive's and static's sweeps give at the same idle VM-hours, read
 * off each curve by linear interpolation between its two neighbouring points (in
 * order of idle VM-hours). Outside a curve's swept range there is nothing to read:
 * null, not an extrapolation.
 */
export interface CurvePoint {
  idleVmHours: number;
  hitRate: number;
}

export interface VmmsComparison {
  /** vmms's base size n0 at this point. */
  n0: number;
  isDefault: boolean;
  idleVmHours: number;
  hitRate: number;
  /** Predictive's curve at vmms's idle VM-hours; null outside its swept range. */
  predictiveHitRate: number | null;
  /** Static's curve likewise. */
  staticHitRate: number | null;
}

export interface FrontierComparison {
  trace: string;
  /** Each curve's swept range of idle VM-hours, [lowest, highest]; null when not swept. */
  ranges: { predictive: [number, number] | null; static: [number, number] | null };
  vmms: VmmsComparison[];
}

/**
 * The curve's hit rate at `idleVmHours`: linear between the neighbouring points; at a
 * point's own idle VM-hours, that point's (the best of them when several share it);
 * null below the lowest or above the highest.
 */
export function hitRateAt(curve: readonly CurvePoint[], idleVmHours: number): number | null {
  if (!Number.isFinite(idleVmHours)) return null;
  const points = [...curve].sort((a, b) => a.idleVmHours - b.idleVmHours || a.hitRate - b.hitRate);
  if (points.length === 0 || idleVmHours < points[0]!.idleVmHours || idleVmHours > points.at(-1)!.idleVmHours) return null;
  const same = points.filter((p) => p.idleVmHours === idleVmHours);
  if (same.length > 0) return Math.max(...same.map((p) => p.hitRate));
  const i = points.findIndex((p) => p.idleVmHours > idleVmHours);
  const a = points[i - 1]!;
  const b = points[i]!;
  return a.hitRate + ((b.hitRate - a.hitRate) * (idleVmHours - a.idleVmHours)) / (b.idleVmHours - a.idleVmHours);
}

export function curveRange(curve: readonly CurvePoint[]): [number, number] | null {
  if (curve.length === 0) return null;
  const xs = curve.map((p) => p.idleVmHours);
  return [Math.min(...xs), Math.max(...xs)];
}

export function compareAtVmmsCost(
  trace: string,
  vmms: readonly (CurvePoint & { n0: number; isDefault: boolean })[],
  predictive: readonly CurvePoint[],
  staticCurve: readonly CurvePoint[],
): FrontierComparison {
  return {
    trace,
    ranges: { predictive: curveRange(predictive), static: curveRange(staticCurve) },
    vmms: vmms.map((v) => ({
      n0: v.n0,
      isDefault: v.isDefault,
      idleVmHours: v.idleVmHours,
      hitRate: v.hitRate,
      predictiveHitRate: hitRateAt(predictive, v.idleVmHours),
      staticHitRate: hitRateAt(staticCurve, v.idleVmHours),
    })),
  };
}

/** "at vmms n0=10's idle cost (3520 VM-h) predictive's curve gives 52.10%, static's 51.90%, vmms got 53.26%". */
export function comparisonSentence(c: VmmsComparison): string {
  const pct = (x: number | null): string => (x === null ? 'nothing (outside its swept range)' : `${(100 * x).toFixed(2)}%`);
  return `at vmms n0=${c.n0}'s idle cost (${c.idleVmHours.toFixed(0)} VM-h) predictive's curve gives ${pct(c.predictiveHitRate)}, static's ${pct(c.staticHitRate)}, vmms got ${pct(c.hitRate)}`;
}
