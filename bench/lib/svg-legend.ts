import { escapeXml, r } from './svg-text.js';

/** One legend line: a stroke in the series' colour, or a ring (for marked points). */
export interface LegendEntry {
  color: string;
  text: string;
  ring?: boolean;
}

/** The plot area the legend belongs to, in SVG pixels. */
export interface LegendFrame {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The legend's SVG elements: 'top', one row above the plot area (short names); 'inside',
 * stacked in a framed box in the plot's bottom right corner (long names, or charts
 * whose curves rise to the right and leave that corner empty).
 */
export function renderLegend(entries: readonly LegendEntry[], frame: LegendFrame, layout: 'top' | 'inside'): string[] {
  const out: string[] = [];
  if (entries.length === 0) return out;
  // Text width is not known without a font: about 6.5 px a character at 11 px sans-serif.
  const boxW = 34 + 6.5 * Math.max(...entries.map((e) => e.text.length));
  const boxH = 18 * entries.length + 6;
  const boxX = frame.right - 8 - boxW;
  const boxY = frame.bottom - 8 - boxH;
  if (layout === 'inside') out.push(`<rect x="${r(boxX)}" y="${r(boxY)}" width="${r(boxW)}" height="${boxH}" fill="white" stroke="#bbb"/>`);
  let rowX = frame.left + 8;
  entries.forEach((e, i) => {
    const [x, y] = layout === 'inside' ? [boxX + 8, boxY + 14 + 18 * i] : [rowX, frame.top - 10];
    if (e.ring) out.push(`<circle cx="${r(x + 9)}" cy="${r(y)}" r="6" fill="none" stroke="${e.color}" stroke-width="2"/>`);
    else out.push(`<line x1="${r(x)}" x2="${r(x + 18)}" y1="${r(y)}" y2="${r(y)}" stroke="${e.color}" stroke-width="3"/>`);
    out.push(`<text x="${r(x + 22)}" y="${r(y + 4)}">${escapeXml(e.text)}</text>`);
    rowX += 40 + 7 * e.text.length;
  });
  return out;
}
