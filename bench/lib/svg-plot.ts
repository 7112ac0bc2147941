import { renderLegend, type LegendEntry } from './svg-legend.js';
import { escapeXml, r } from './svg-text.js';

/**
 * A small, dependency-free SVG line plot for the pool benchmark: pool size (ready,
 * total) and demand over time for one policy, or (xAxis 'number') one quantity
 * against another, such as each policy's hit rate against its idle VM-hours. By
 * default x is seconds from the trace start (labelled as elapsed days and hours); y
 * starts at 0 (everything plotted is a count or a share).
 * Step series hold their value until the next point, which is what a pool size is.
 * Series with more points than twice the plot width are reduced to the first, min,
 * max and last point of each pixel column, so a two-week trace stays a small file
 * and no peak disappears.
 */
export interface PlotSeries {
  name: string;
  /** [x seconds, y] pairs, sorted by x. */
  points: readonly (readonly [number, number])[];
  color?: string;
  /** Hold each value until the next point (default true). */
  step?: boolean;
  /** Draw a dot at each point (default false). */
  markers?: boolean;
  /** A short label beside each point (same order as points; null or '' for none). */
  pointLabels?: readonly (string | null)[];
  /** Where those labels sit from their point, in pixels (default [5, -5]: above right; a negative dx ends the text there). */
  labelOffset?: readonly [number, number];
  /** Indices of points to ring (see PlotOptions.markedLabel). */
  marked?: readonly number[];
}

export interface PlotOptions {
  title: string;
  series: readonly PlotSeries[];
  yLabel?: string;
  /** 'elapsed' (default): x is seconds, ticks read 6h, 1d; 'number': plain numbers. */
  xAxis?: 'elapsed' | 'number';
  xLabel?: string;
  /** Legend text for the ringed points (PlotSeries.marked). */
  markedLabel?: string;
  /** 'top' (default): one row above the plot; 'inside': stacked in the plot's bottom right corner, for long names. */
  legend?: 'top' | 'inside';
  width?: number;
  height?: number;
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
const MARGIN = { left: 56, right: 16, top: 40, bottom: 36 };

export function renderSvgPlot(options: PlotOptions): string {
  const width = options.width ?? 900;
  const height = options.height ?? 360;
  const numericX = options.xAxis === 'number';
  const bottom = MARGIN.bottom + (options.xLabel ? 16 : 0);
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - bottom;
  const x = extent(options.series, 0);
  const y = extent(options.series, 1);
  const xMin = Math.min(0, x.min);
  const xStep = numericX ? niceStep(Math.max(1, x.max - xMin) / 8) : timeStep((Math.max(xMin + 1, x.max) - xMin) / 8);
  // A numeric axis ends on a tick; a time axis ends where the trace does.
  const xMax = numericX ? Math.max(xStep, Math.ceil(x.max / xStep) * xStep) : Math.max(xMin + 1, x.max);
  const yMin = Math.min(0, y.min);
  const yStep = niceStep(Math.max(1, y.max - yMin) / 5);
  const yMax = Math.max(yStep, Math.ceil(y.max / yStep) * yStep);
  const sx = (v: number): number => MARGIN.left + ((v - xMin) / (xMax - xMin)) * plotW;
  const sy = (v: number): number => MARGIN.top + plotH - ((v - yMin) / (yMax - yMin)) * plotH;

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="18" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`,
  ];
  // Ticks by index, not by repeated addition: 0.2 + 0.2 + 0.2 would print 0.6000000000000001.
  for (let i = Math.ceil(yMin / yStep); i * yStep <= yMax; i++) {
    const v = i * yStep;
    out.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${r(sy(v))}" y2="${r(sy(v))}" stroke="#ddd"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${r(sy(v) + 4)}" text-anchor="end">${r(v)}</text>`);
  }
  for (let i = Math.ceil(xMin / xStep); i * xStep <= xMax; i++) {
    const v = i * xStep;
    out.push(`<line x1="${r(sx(v))}" x2="${r(sx(v))}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#eee"/>`);
    out.push(`<text x="${r(sx(v))}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${numericX ? r(v) : formatElapsed(v)}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
  if (options.yLabel) {
    out.push(`<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`);
  }
  if (options.xLabel) {
    out.push(`<text x="${r(MARGIN.left + plotW / 2)}" y="${height - 8}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  }
  const legend: LegendEntry[] = [];
  options.series.forEach((s, i) => {
    const color = escapeXml(s.color ?? PALETTE[i % PALETTE.length]!);
    const points = shape(reduce(s.points, xMin, (xMax - xMin) / plotW, 2 * plotW), s.step ?? true, xMax);
    const coords = points.map(([px, py]) => `${r(sx(px))},${r(sy(py))}`).join(' ');
    out.push(`<polyline data-series="${escapeXml(s.name)}" fill="none" stroke="${color}" stroke-width="1.5" points="${coords}"/>`);
    s.points.forEach(([px, py], k) => {
      const [cx, cy] = [r(sx(px)), r(sy(py))];
      if (s.markers) out.push(`<circle data-series="${escapeXml(s.name)}" cx="${cx}" cy="${cy}" r="3" fill="${color}"/>`);
      // A ring per series a size apart: marks of different series on the same spot stay visible.
      if (s.marked?.includes(k)) out.push(`<circle data-marked="${escapeXml(s.name)}" cx="${cx}" cy="${cy}" r="${6 + 2.5 * i}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
      const label = s.pointLabels?.[k];
      const [dx, dy] = s.labelOffset ?? [5, -5];
      const anchor = dx < 0 ? ' text-anchor="end"' : '';
      if (label) out.push(`<text x="${r(sx(px) + dx)}" y="${r(sy(py) + dy)}" font-size="9"${anchor} fill="${color}">${escapeXml(label)}</text>`);
    });
    legend.push({ color, text: s.name });
  });
  if (options.markedLabel && options.series.some((s) => (s.marked?.length ?? 0) > 0)) legend.push({ color: '#444', text: options.markedLabel, ring: true });
  out.push(...renderLegend(legend, { left: MARGIN.left, top: MARGIN.top, right: MARGIN.left + plotW, bottom: MARGIN.top + plotH }, options.legend ?? 'top'));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Smallest and largest coordinate `axis` of all points; throws on a non-finite one. */
function extent(series: readonly PlotSeries[], axis: 0 | 1): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (const p of s.points) {
      const v = p[axis];
      if (!Number.isFinite(v)) throw new RangeError(`plot series "${s.name}": non-finite point [${p.join(', ')}]`);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  return min <= max ? { min, max } : { min: 0, max: 0 };
}

/** Steps: each value holds until the next x; the last holds to the end of the axis. */
function shape(points: readonly (readonly [number, number])[], step: boolean, xEnd: number): [number, number][] {
  if (!step) return points.map(([px, py]) => [px, py]);
  const out: [number, number][] = [];
  points.forEach(([px, py], i) => {
    if (i > 0) out.push([px, points[i - 1]![1]]);
    out.push([px, py]);
  });
  const last = points.at(-1);
  if (last && last[0] < xEnd) out.push([xEnd, last[1]]);
  return out;
}

/** Above `maxPoints`, keep per pixel column (width dx) its first, min, max and last point. */
function reduce(
  points: readonly (readonly [number, number])[],
  x0: number,
  dx: number,
  maxPoints: number,
): readonly (readonly [number, number])[] {
  if (points.length <= maxPoints) return points;
  const out: (readonly [number, number])[] = [];
  let bucket: (readonly [number, number])[] = [];
  const column = (p: readonly [number, number]): number => Math.floor((p[0] - x0) / dx);
  const flush = (): void => {
    const keep = new Set([bucket[0]!, bucket.at(-1)!]);
    keep.add(bucket.reduce((a, b) => (b[1] < a[1] ? b : a)));
    keep.add(bucket.reduce((a, b) => (b[1] > a[1] ? b : a)));
    out.push(...bucket.filter((p) => keep.has(p)));
    bucket = [];
  };
  for (const p of points) {
    if (bucket.length > 0 && column(p) !== column(bucket[0]!)) flush();
    bucket.push(p);
  }
  if (bucket.length > 0) flush();
  return out;
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power);
}

const TIME_STEPS = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 2 * 86_400, 7 * 86_400];
function timeStep(raw: number): number {
  return TIME_STEPS.find((s) => s >= raw) ?? Math.ceil(raw / (7 * 86_400)) * 7 * 86_400;
}

/** "0", "45m", "6h", "1d", "1d 12h". */
export function formatElapsed(s: number): string {
  if (s === 0) return '0';
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', m && !d ? `${m}m` : ''].filter(Boolean);
  return parts.join(' ') || `${Math.round(s)}s`;
}
